package dev.orkestra.e2e;

import dev.orkestra.runtime.Envelopes;
import dev.orkestra.topics.TopicSpec;
import dev.orkestra.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Where a query's time goes: for every query whose correlation id starts with a prefix, the time
 * from its record on {@code orkestra.queries} to its first and last record on each pipeline topic
 * (record timestamps: when each producer sent). Printed as medians, in pipeline order.
 */
final class HopTimeline {

  private static final List<TopicSpec<?>> PIPELINE = List.of(Topics.QUERIES, Topics.RETRIEVER_REQUESTS,
      Topics.RETRIEVER_RESULTS, Topics.EXTRACTOR_REQUESTS, Topics.EXTRACTOR_RESULTS, Topics.VERIFIER_REQUESTS,
      Topics.VERIFIER_RESULTS, Topics.SYNTHESIZER_REQUESTS, Topics.SYNTHESIZER_RESULTS, Topics.COMPOSER_REQUESTS,
      Topics.COMPOSER_RESULTS, Topics.AUDITOR_REQUESTS, Topics.AUDITOR_RESULTS, Topics.RESPONSES);

  private HopTimeline() {}

  static void print(String bootstrapServers, String correlationPrefix) {
    // topic -> correlationId -> [first, last] timestamp
    Map<String, Map<String, long[]>> seen = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "timeline-" + UUID.randomUUID(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
      for (TopicSpec<?> spec : PIPELINE) {
        List<TopicPartition> partitions = consumer.partitionsFor(spec.name()).stream()
            .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<String, long[]> byQuery = seen.computeIfAbsent(spec.name(), name -> new HashMap<>());
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
          for (var record : consumer.poll(Duration.ofMillis(500))) {
            SpecificRecord value = spec.valueSerde().deserializer().deserialize(spec.name(), record.value());
            String correlationId = Envelopes.of(value).getCorrelationId();
            if (correlationId == null || !correlationId.startsWith(correlationPrefix)) {
              continue;
            }
            long[] span = byQuery.computeIfAbsent(correlationId, id -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
            span[0] = Math.min(span[0], record.timestamp());
            span[1] = Math.max(span[1], record.timestamp());
          }
        }
      }
    }
    Map<String, long[]> queries = seen.get(Topics.QUERIES.name());
    System.out.printf("%ntimeline of %d queries '%s*' (median ms after the query was sent):%n", queries.size(),
        correlationPrefix);
    System.out.printf("%-32s %8s %8s%n", "topic", "first", "last");
    for (TopicSpec<?> spec : PIPELINE) {
      List<Long> firsts = new ArrayList<>();
      List<Long> lasts = new ArrayList<>();
      seen.get(spec.name()).forEach((id, span) -> {
        long[] query = queries.get(id);
        if (query != null) {
          firsts.add(span[0] - query[0]);
          lasts.add(span[1] - query[0]);
        }
      });
      if (!firsts.isEmpty()) {
        System.out.printf(Locale.ROOT, "%-32s %8d %8d%n", spec.name(), median(firsts), median(lasts));
      }
    }
  }

  private static long median(List<Long> values) {
    values.sort(Comparator.naturalOrder());
    return values.get(values.size() / 2);
  }
}
