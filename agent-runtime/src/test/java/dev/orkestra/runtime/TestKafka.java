package dev.orkestra.runtime;

import static org.awaitility.Awaitility.await;

import dev.orkestra.events.common.ActionRecord;
import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.events.common.Failure;
import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Real-broker helpers for runtime tests: private topics per test, produce bytes, read what committed.
 * Public so the service modules' tests use them through this module's test jar.
 */
public final class TestKafka {

  private TestKafka() {}

  /** A role's topics, private to one test so counts are exact. */
  public record RoleTopics<Q extends SpecificRecord, R extends SpecificRecord>(
      TopicSpec<Q> requests, TopicSpec<R> results, TopicSpec<Failure> failures,
      TopicSpec<DeadLetter> deadLetters, TopicSpec<ActionRecord> actionLog) {}

  public static <Q extends SpecificRecord, R extends SpecificRecord> RoleTopics<Q, R> createRoleTopics(
      EmbeddedKafkaBroker broker, String prefix, Class<Q> request, Class<R> result) {
    String p = "test." + prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    RoleTopics<Q, R> topics = new RoleTopics<>(
        // One partition, as the registry's work queues: every instance shares all the work.
        new TopicSpec<>(p + ".requests", request, 1, TopicSpec.Cleanup.DELETE, "test"),
        new TopicSpec<>(p + ".results", result, 3, TopicSpec.Cleanup.DELETE, "test"),
        new TopicSpec<>(p + ".failures", Failure.class, 1, TopicSpec.Cleanup.DELETE, "test"),
        new TopicSpec<>(p + ".dead-letters", DeadLetter.class, 1, TopicSpec.Cleanup.DELETE, "test"),
        new TopicSpec<>(p + ".action-log", ActionRecord.class, 3, TopicSpec.Cleanup.JOURNAL, "test"));
    broker.createTopics(List.of(topics.requests(), topics.results(), topics.failures(), topics.deadLetters(),
        topics.actionLog()));
    return topics;
  }

  public static void produce(EmbeddedKafkaBroker broker, String topic, String key, byte[] value) {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
        new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value));
      producer.flush();
    }
  }

  /** Waits until {@code topic} holds at least {@code count} committed records, then returns all of them. */
  public static List<ConsumerRecord<String, byte[]>> awaitRecords(EmbeddedKafkaBroker broker, String topic, int count) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      records.clear();
      records.addAll(readAll(broker, topic));
      return records.size() >= count;
    });
    return records;
  }

  /**
   * Waits until the share group has acknowledged every record of {@code topic} (no lag on any
   * partition), then until {@code topics} have not grown for {@code quiet}: the system has quiesced,
   * so what is counted next is final — a duplicate that was going to come has come.
   */
  public static void awaitQuiesced(String bootstrapServers, String groupId, String topic, Duration quiet,
      String... topics) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
          .until(() -> shareGroupLag(admin, groupId, topic) == 0);
      Map<String, Long> last = new HashMap<>();
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).during(quiet)
          .until(() -> {
            Map<String, Long> now = new HashMap<>();
            for (String t : topics) {
              now.put(t, endOffsetSum(admin, t));
            }
            boolean unchanged = now.equals(last);
            last.clear();
            last.putAll(now);
            return unchanged;
          });
    }
  }

  /**
   * Records of {@code topic} the share group has not acknowledged yet (in flight or waiting). The
   * broker reports each partition's lag once the group has fetched from it; a partition it never
   * fetched from lags by all its records.
   */
  public static long shareGroupLag(Admin admin, String groupId, String topic) throws Exception {
    Map<TopicPartition, SharePartitionOffsetInfo> offsets = admin.listShareGroupOffsets(
        Map.of(groupId, new ListShareGroupOffsetsSpec())).partitionsToOffsetInfo(groupId).get(10, TimeUnit.SECONDS);
    long lag = 0;
    for (var end : endOffsets(admin, topic).entrySet()) {
      SharePartitionOffsetInfo info = offsets.get(end.getKey());
      lag += info == null ? end.getValue() : info.lag().orElse(end.getValue() - info.startOffset());
    }
    return lag;
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
    var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
        .partitions().stream().map(p -> new TopicPartition(topic, p.partition()))
        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
    return admin.listOffsets(partitions).all().get(10, TimeUnit.SECONDS).entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  private static long endOffsetSum(Admin admin, String topic) throws Exception {
    return endOffsets(admin, topic).values().stream().mapToLong(Long::longValue).sum();
  }

  /** Every committed record of {@code topic} up to its current end. */
  public static List<ConsumerRecord<String, byte[]>> readAll(EmbeddedKafkaBroker broker, String topic) {
    return readAll(broker.bootstrapServers(), topic);
  }

  /** Every committed record of {@code topic} up to its current end, on any cluster. */
  public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrapServers, String topic) {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(info -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        if (System.nanoTime() > deadline) {
          // A partial list would let "no such record" checks pass without having looked.
          throw new AssertionError("read " + records.size() + " records of " + topic + " but not up to its end "
              + ends + " within 20 s");
        }
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
      return records;
    }
  }
}
