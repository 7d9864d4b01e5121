package dev.orkestra.coordinator.task;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.task.TaskState;
import dev.orkestra.events.task.TaskSubmitted;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What becomes of a {@code TaskSubmitted} for a task id that already has a run. A task id names one
 * run: the state machine's progress, its branch ({@code orkestra/<taskId>}), its events. Running the
 * same id twice would mix two runs' results, requests and commits on one branch, so a second
 * submission never starts anything:
 *
 * <ul>
 *   <li>the same event again (its eventId is the stored run's) is a re-publish of the submission that
 *       started the run — a producer retry, a replayed topic — and is ignored;
 *   <li>any other submission is refused, naming the run that holds the id, with a task event the
 *       submitter (who watches the task's events) sees. That holds for finished runs too: a task is
 *       run again under a new task id.
 * </ul>
 */
final class SubmissionPolicy {

  private static final Set<TaskState> FINISHED = EnumSet.of(TaskState.DONE, TaskState.FAILED, TaskState.STOPPED);

  /** @param refusal null when the submission is the run's own, published again */
  record Verdict(String refusal) {
    boolean republished() {
      return refusal == null;
    }
  }

  private SubmissionPolicy() {}

  /**
   * Why a first submission is too old to start a task, if it is: one published more than
   * {@code maxAge} before the coordinator first sees it is refused (dead-lettered with this reason,
   * so it can be replayed on purpose), since a coordinator with a new application id reads
   * orkestra.tasks from its beginning and must not run every task ever submitted.
   */
  static Optional<String> tooOld(TaskSubmitted submitted, long now, Duration maxAge) {
    Envelope envelope = submitted.getEnvelope();
    if (envelope == null || envelope.getOccurredAt() == null) {
      return Optional.empty();
    }
    Duration age = Duration.between(envelope.getOccurredAt(), Instant.ofEpochMilli(now));
    if (age.compareTo(maxAge) <= 0) {
      return Optional.empty();
    }
    return Optional.of("TaskSubmitted " + envelope.getEventId() + " refused: task "
        + (submitted.getTask() == null ? "?" : submitted.getTask().getTaskId()) + " was submitted at "
        + envelope.getOccurredAt() + ", " + BudgetPolicy.human(age) + " before this coordinator saw it, over the "
        + BudgetPolicy.human(maxAge) + " a submission stays valid; submit it again to run it");
  }

  static Verdict judge(TaskProgress existing, TaskSubmitted again) {
    Envelope run = existing.submission();
    String eventId = again.getEnvelope() == null ? null : again.getEnvelope().getEventId();
    if (eventId != null && run != null && eventId.equals(run.getEventId())) {
      return new Verdict(null);
    }
    String ran = "run " + (run == null ? "(unknown), submitted" : run.getEventId() + ", submitted " + run.getOccurredAt())
        + (existing.requester() == null ? "" : " by " + existing.requester());
    String state = existing.state() + ", " + existing.doneSteps().size() + "/" + existing.steps().size() + " steps done";
    String what = "TaskSubmitted " + eventId + " refused: task " + existing.taskId();
    return new Verdict(FINISHED.contains(existing.state())
        ? what + " already ran (" + ran + "; finished in " + state + "); a task id is run once: submit it again"
            + " under a new taskId"
        : what + " is already running (" + ran + "; now " + state + ") and goes on unchanged; to start"
            + " over, stop it and submit it under a new taskId");
  }
}
