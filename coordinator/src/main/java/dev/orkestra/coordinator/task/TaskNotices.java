package dev.orkestra.coordinator.task;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.task.TaskState;
import dev.orkestra.events.task.TaskStateChanged;
import java.util.List;
import java.util.UUID;

/**
 * Task events the topology writes itself, outside the state machine: a submission refused for a task
 * id that has a run ({@link SubmissionPolicy}), and a task the coordinator cannot go on with because
 * its next state or records would be over the record limit.
 */
final class TaskNotices {

  private final TaskRequests requests;

  TaskNotices(String producer) {
    this.requests = new TaskRequests(producer, () -> UUID.randomUUID().toString());
  }

  /**
   * A notice on the task's events that changes nothing: fromState and toState are both the task's
   * state, the reason says what was refused. (The contracts have no refusal event; a consumer tells
   * a notice from a transition by {@code fromState == toState}.)
   */
  TaskStateChanged refused(TaskProgress existing, Envelope cause, String reason, long now) {
    return requests.changed(existing, existing.state(), existing.state(), null, reason, null, List.of(), cause, now);
  }

  /** The task as it was, FAILED with {@code reason}; what it held is dropped. */
  TaskTransition failed(TaskProgress current, Envelope cause, String reason, long now) {
    TaskProgress failed = current.copy();
    failed.caused(cause);
    failed.releaseHeld();
    failed.escalationAnswered();
    failed.state(TaskState.FAILED);
    TaskStateChanged change = requests.changed(failed, current.state(), TaskState.FAILED, null,
        reason + "; the task is stopped", null, List.of(), failed.lastCause(), now);
    return new TaskTransition(failed, List.of(new TaskCommand(failed.taskId(), change)), null);
  }
}
