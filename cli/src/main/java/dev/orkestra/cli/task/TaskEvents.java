package dev.orkestra.cli.task;

import dev.orkestra.events.task.TaskState;
import dev.orkestra.events.task.TaskStateChanged;
import dev.orkestra.runtime.KafkaConnection;
import dev.orkestra.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What {@code orkestra.task-events} says about tasks, read from the beginning to its current end. */
public final class TaskEvents {

  /** States a task never leaves (docs/tasks.md: STOPPED is terminal like DONE and FAILED). */
  public static final Set<TaskState> FINISHED = Set.of(TaskState.DONE, TaskState.FAILED, TaskState.STOPPED);

  private TaskEvents() {}

  /** Task id to its latest event, notices included, by task id (partitions give no order across tasks). */
  public static Map<String, TaskStateChanged> latest(KafkaConnection kafka, Duration timeout) {
    return latest(kafka, timeout, true);
  }

  /**
   * Task id to its latest transition: what the task is doing now. A refusal notice repeats the
   * state but not the options a person may take, so deciding goes by the transition.
   */
  public static Map<String, TaskStateChanged> latestTransitions(KafkaConnection kafka, Duration timeout) {
    return latest(kafka, timeout, false);
  }

  /** The latest transition of one task, if it has any. */
  public static Optional<TaskStateChanged> latestTransition(KafkaConnection kafka, String taskId, Duration timeout) {
    return Optional.ofNullable(latestTransitions(kafka, timeout).get(taskId));
  }

  private static Map<String, TaskStateChanged> latest(KafkaConnection kafka, Duration timeout, boolean notices) {
    Map<String, TaskStateChanged> latest = new TreeMap<>();
    for (ConsumerRecord<String, TaskStateChanged> record : TopicReader.readAll(kafka, Topics.TASK_EVENTS, timeout)) {
      if (notices || !isNotice(record.value())) {
        latest.put(record.value().getTaskId(), record.value());
      }
    }
    return latest;
  }

  /** The task's events in the order they were written (one key, one partition). */
  public static List<TaskStateChanged> of(List<ConsumerRecord<String, TaskStateChanged>> records, String taskId) {
    return records.stream().map(ConsumerRecord::value).filter(e -> taskId.equals(e.getTaskId())).toList();
  }

  /** A refusal notice (a second submission refused, docs/tasks.md) rather than a transition. */
  public static boolean isNotice(TaskStateChanged event) {
    return event.getFromState() != null && event.getFromState() == event.getToState();
  }
}
