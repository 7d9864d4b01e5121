package dev.orkestra.cli.task;

import dev.orkestra.events.task.TaskSpec;
import dev.orkestra.events.task.TaskSubmitted;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.runtime.KafkaConnection;
import dev.orkestra.topics.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Publishes a file's tasks on {@code orkestra.tasks} (key = task id) in one Kafka transaction, so
 * readers see all of them or, if the broker fails part-way, none: a submission never goes out half.
 */
public final class TaskPublisher {

  private TaskPublisher() {}

  public static void publish(KafkaConnection kafka, List<TaskSpec> tasks, String requester, Duration timeout) {
    LinkedHashMap<String, TaskSubmitted> records = new LinkedHashMap<>();
    for (TaskSpec task : tasks) {
      records.put(task.getTaskId(), TaskSubmitted.newBuilder()
          .setEnvelope(Envelopes.start(task.getTaskId(), "cli@" + requester))
          .setTask(task)
          .setRequester(requester)
          .build());
    }
    TransactionalPublisher.publish(kafka, Topics.TASKS, records, "submit", timeout);
  }
}
