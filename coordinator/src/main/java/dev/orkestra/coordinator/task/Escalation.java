package dev.orkestra.coordinator.task;

import dev.orkestra.events.task.DecisionKind;
import dev.orkestra.events.task.TaskState;
import java.util.List;

/**
 * A task waiting for a person: why, where it stopped, and what the person may decide.
 *
 * @param stage  the state the work was in when it stopped (for TIME_LIMIT: the task's state, to go back to)
 * @param stepId the step it stopped on; null for the plan and for the time limit
 * @param reason what happened, the issue, and the options, in words a person can act on
 */
public record Escalation(EscalationTrigger trigger, TaskState stage, String stepId, String reason,
    List<DecisionKind> options) {

  public Escalation {
    options = List.copyOf(options);
  }

  public boolean offers(DecisionKind decision) {
    return options.contains(decision);
  }
}
