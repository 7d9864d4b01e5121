package dev.orkestra.cli.task;

import dev.orkestra.events.task.TaskSpec;
import dev.orkestra.events.task.TaskSubmitted;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.runtime.KafkaConnection;
import dev.orkestra.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a file's tasks on {@code orkestra.tasks} (key = task id) in one Kafka transaction, so
 * readers see all of them or, if the broker fails part-way, none: a submission never goes out half.
 */
public final class TaskPublisher {

  private TaskPublisher() {}

  public static void publish(KafkaConnection kafka, List<TaskSpec> tasks, String requester, Duration timeout) {
    int millis = (int) Math.clamp(timeout.toMillis(), 2_000, 600_000);
    Map<String, Object> config = kafka.clientConfig(Map.of(
        // One transaction per submission: a fresh id, since no earlier producer's work is being resumed.
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "orkestra-submit-" + UUID.randomUUID(),
        // A person waits for the answer: send at once, and give up within --timeout (Kafka requires
        // delivery >= linger + request timeout, so each request gets half of it).
        ProducerConfig.LINGER_MS_CONFIG, 0,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, millis,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis / 2,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis));
    try (KafkaProducer<String, TaskSubmitted> producer = new KafkaProducer<>(config, new StringSerializer(),
        Topics.TASKS.valueSerde().serializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      try {
        for (TaskSpec task : tasks) {
          TaskSubmitted submitted = TaskSubmitted.newBuilder()
              .setEnvelope(Envelopes.start(task.getTaskId(), "cli@" + requester))
              .setTask(task)
              .setRequester(requester)
              .build();
          producer.send(new ProducerRecord<>(Topics.TASKS.name(), task.getTaskId(), submitted));
        }
        producer.commitTransaction();
      } catch (KafkaException e) {
        producer.abortTransaction();
        throw new IllegalStateException("nothing submitted: " + e.getMessage(), e);
      }
    }
  }
}
