package dev.orkestra.cli.task;

import dev.orkestra.runtime.KafkaConnection;
import dev.orkestra.serde.AvroSerde;
import dev.orkestra.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * How the task commands read a topic: every partition, no consumer group (reading leaves no trace
 * and needs no cleanup), read committed (the coordinator and the roles write in exactly-once
 * transactions: only committed records happened). Either to the end the topic has when asked, or
 * on, as records arrive. A record this version cannot decode (a newer writer's schema, a stray
 * producer) is skipped, so one bad record does not hide a task from a person.
 */
public final class TopicReader<V extends SpecificRecord> implements AutoCloseable {

  private final TopicSpec<V> topic;
  private final AvroSerde<V> serde;
  private final KafkaConsumer<String, byte[]> consumer;
  private final List<TopicPartition> partitions;
  private final Duration timeout;

  private TopicReader(KafkaConnection kafka, TopicSpec<V> topic, Duration timeout, boolean fromEnd) {
    this.topic = topic;
    this.serde = topic.valueSerde();
    this.timeout = timeout;
    this.consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)), new StringDeserializer(), new ByteArrayDeserializer());
    try {
      partitions = consumer.partitionsFor(topic.name(), timeout).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
      consumer.assign(partitions);
      if (fromEnd) {
        consumer.seekToEnd(partitions);
        // Seeks are lazy: resolve the positions now, so whatever is published after this returns is read.
        partitions.forEach(p -> consumer.position(p, timeout));
      } else {
        consumer.seekToBeginning(partitions);
      }
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  /** A reader at the beginning of {@code topic}; {@code timeout} bounds each wait for the broker. */
  public static <V extends SpecificRecord> TopicReader<V> fromBeginning(KafkaConnection kafka, TopicSpec<V> topic,
      Duration timeout) {
    return new TopicReader<>(kafka, topic, timeout, false);
  }

  /** A reader at the current end of {@code topic}: it sees only what is written from now on. */
  public static <V extends SpecificRecord> TopicReader<V> fromEnd(KafkaConnection kafka, TopicSpec<V> topic,
      Duration timeout) {
    return new TopicReader<>(kafka, topic, timeout, true);
  }

  /** Every committed record of {@code topic} up to the end it has now. */
  public static <V extends SpecificRecord> List<ConsumerRecord<String, V>> readAll(KafkaConnection kafka,
      TopicSpec<V> topic, Duration timeout) {
    try (TopicReader<V> reader = fromBeginning(kafka, topic, timeout)) {
      return reader.toEnd();
    }
  }

  /** The records from here to the end the topic has now; fails if that end is not reached within the timeout. */
  public List<ConsumerRecord<String, V>> toEnd() {
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
    List<ConsumerRecord<String, V>> records = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < ends.get(p))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("cannot read " + topic.name() + " to its end within " + timeout);
      }
      records.addAll(poll(Duration.ofMillis(200)));
    }
    return records;
  }

  /** What arrives within {@code wait} (often nothing). */
  public List<ConsumerRecord<String, V>> poll(Duration wait) {
    List<ConsumerRecord<String, V>> records = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> raw : consumer.poll(wait)) {
      V value = decode(raw.value());
      if (value != null) {
        records.add(new ConsumerRecord<>(raw.topic(), raw.partition(), raw.offset(), raw.key(), value));
      }
    }
    return records;
  }

  private V decode(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return serde.decode(bytes);
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
