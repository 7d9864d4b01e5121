package dev.orkestra.cli.task;

import dev.orkestra.runtime.Envelopes;
import dev.orkestra.runtime.KafkaConnection;
import dev.orkestra.topics.TopicSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * Sends a person's decision or control command about a task (key = taskId, in a transaction) and
 * waits for the coordinator to apply or reject it: publish and confirm, so the command can say
 * what actually happened rather than "sent".
 */
public final class TaskSignal {

  private TaskSignal() {}

  /** @param wait how long to wait for the coordinator's answer (also bounds each broker call) */
  public static <V extends SpecificRecord> CoordinatorAnswer.Outcome send(KafkaConnection kafka, TopicSpec<V> topic,
      String taskId, V record, Duration wait) {
    try (CoordinatorAnswer answer = CoordinatorAnswer.open(kafka, wait)) {
      LinkedHashMap<String, V> one = new LinkedHashMap<>();
      one.put(taskId, record);
      TransactionalPublisher.publish(kafka, topic, one, topic.name().replace("orkestra.", ""), wait);
      return answer.await(taskId, Envelopes.of(record).getEventId(), topic, wait);
    }
  }
}
