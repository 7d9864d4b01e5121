package dev.orkestra.cli.task;

import dev.orkestra.events.task.ChangeProposed;
import dev.orkestra.events.task.GateResult;
import dev.orkestra.events.task.HumanDecision;
import dev.orkestra.events.task.PlanProposed;
import dev.orkestra.events.task.ReviewCompleted;
import dev.orkestra.events.task.TaskStateChanged;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.runtime.KafkaConnection;
import dev.orkestra.topics.TopicSpec;
import dev.orkestra.topics.Topics;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Everything the topics hold about one task, each list in the order it happened (by
 * {@code occurredAt}: per-step results come from several partitions).
 */
public record TaskRecords(String taskId, List<TaskStateChanged> events, List<PlanProposed> plans,
    List<ReviewCompleted> reviews, List<ChangeProposed> changes, List<GateResult> gates,
    List<HumanDecision> decisions) {

  /** Reads the six topics to their current ends (read committed) and keeps the task's records. */
  public static TaskRecords read(KafkaConnection kafka, String taskId, Duration timeout) {
    return new TaskRecords(taskId,
        of(kafka, Topics.TASK_EVENTS, taskId, TaskStateChanged::getTaskId, timeout),
        of(kafka, Topics.PLANNER_RESULTS, taskId, PlanProposed::getTaskId, timeout),
        of(kafka, Topics.REVIEWER_RESULTS, taskId, ReviewCompleted::getTaskId, timeout),
        of(kafka, Topics.IMPLEMENTER_RESULTS, taskId, ChangeProposed::getTaskId, timeout),
        of(kafka, Topics.QUALITY_GATE_RESULTS, taskId, GateResult::getTaskId, timeout),
        of(kafka, Topics.HUMAN_DECISIONS, taskId, HumanDecision::getTaskId, timeout));
  }

  private static <V extends SpecificRecord> List<V> of(KafkaConnection kafka, TopicSpec<V> topic, String taskId,
      Function<V, String> task, Duration timeout) {
    return TopicReader.readAll(kafka, topic, timeout).stream().map(ConsumerRecord::value)
        .filter(v -> taskId.equals(task.apply(v)))
        .sorted(Comparator.comparing(v -> Envelopes.of(v).getOccurredAt()))
        .toList();
  }
}
