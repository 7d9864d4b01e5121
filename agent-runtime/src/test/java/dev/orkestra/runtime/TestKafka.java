package dev.orkestra.runtime;

import static org.awaitility.Awaitility.await;

import dev.orkestra.events.common.ActionRecord;
import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.events.common.Failure;
import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
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
        new TopicSpec<>(p + ".requests", request, 3, TopicSpec.Cleanup.DELETE, "test"),
        new TopicSpec<>(p + ".results", result, 3, TopicSpec.Cleanup.DELETE, "test"),
        new TopicSpec<>(p + ".failures", Failure.class, 1, TopicSpec.Cleanup.DELETE, "test"),
        new TopicSpec<>(p + ".dead-letters", DeadLetter.class, 1, TopicSpec.Cleanup.DELETE, "test"),
        new TopicSpec<>(p + ".action-log", ActionRecord.class, 3, TopicSpec.Cleanup.COMPACT, "test"));
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
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
      return records;
    }
  }
}
