package dev.orkestra.cli.task;

import dev.orkestra.events.task.TaskStateChanged;
import dev.orkestra.runtime.KafkaConnection;
import dev.orkestra.serde.AvroSerde;
import dev.orkestra.topics.Topics;
import java.time.Duration;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The latest {@code TaskStateChanged} of every task on {@code orkestra.task-events}, read from the
 * beginning to the end the topic had when reading started (no consumer group: reading leaves no trace).
 */
public final class TaskEvents {

  private TaskEvents() {}

  /** Task id to its latest event, by task id (partitions give no order across tasks); fails if the end is not reached within {@code timeout}. */
  public static Map<String, TaskStateChanged> latest(KafkaConnection kafka, Duration timeout) {
    try (KafkaConsumer<String, TaskStateChanged> consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(
        // Task events come from the coordinator's exactly-once transactions: only committed ones happened.
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
        new StringDeserializer(), AvroSerde.of(TaskStateChanged.class).deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.TASK_EVENTS.name(), timeout).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
      Map<String, TaskStateChanged> latest = new TreeMap<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("cannot read " + Topics.TASK_EVENTS.name() + " to its end within " + timeout);
        }
        for (ConsumerRecord<String, TaskStateChanged> record : consumer.poll(Duration.ofMillis(200))) {
          latest.put(record.value().getTaskId(), record.value());
        }
      }
      return latest;
    }
  }
}
