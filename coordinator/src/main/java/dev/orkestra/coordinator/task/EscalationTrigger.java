package dev.orkestra.coordinator.task;

import dev.orkestra.events.task.TaskState;

/**
 * Why a task waits for a person. The first five are seed 002's escalation triggers; the others
 * cover what the seed leaves open, each a situation in which going on alone would mean lowering
 * the bar (a reviewer of the author's family, an unreviewed plan) or looping without end.
 */
public enum EscalationTrigger {
  /** Seed 002: "Quality gate fails 3+ times". */
  GATE_FAILED_REPEATEDLY(Kind.WORK),
  /** Seed 002: "Plan-Reviewer rejects plan". */
  PLAN_REJECTED(Kind.PLAN),
  /** Seed 002: "Code-Reviewer rejects code 3+ times". */
  CODE_REJECTED_REPEATEDLY(Kind.WORK),
  /** Seed 002: "Breaking API changes detected" (a failed BREAKING_CHANGES check of the gate). */
  BREAKING_CHANGE(Kind.WORK),
  /** Seed 002: "Timeout (task runs > 6 hours)", or the task's own limit. */
  TIME_LIMIT(Kind.CLOCK),
  /** A step used its attempts on a mix of review and gate failures (seed 002: max 3 retry attempts). */
  ATTEMPTS_EXHAUSTED(Kind.WORK),
  /** The plan still needed changes (or was invalid) after the last review round. */
  PLAN_NOT_APPROVED(Kind.PLAN),
  /** The routing table offers no model for the work, or none that may review this author. */
  NO_ELIGIBLE_MODEL(Kind.STAGE),
  /** A role service gave up on a request (its own retries exhausted). */
  ROLE_FAILED(Kind.STAGE);

  /** What a RETRY redoes. */
  enum Kind {
    /** Plan again, with the person's feedback. */
    PLAN,
    /** Implement the step again, with the person's feedback. */
    WORK,
    /** Send the request of the stage that stopped again (routing it anew). */
    STAGE,
    /** Nothing to redo: the task goes on or is aborted. */
    CLOCK
  }

  private final Kind kind;

  EscalationTrigger(Kind kind) {
    this.kind = kind;
  }

  Kind kind() {
    return kind;
  }

  /** The state a RETRY goes back to, for an escalation that stopped the task in {@code stage}. */
  TaskState retryFrom(TaskState stage) {
    return switch (kind) {
      case PLAN -> TaskState.PLANNING;
      case WORK -> TaskState.IMPLEMENTING;
      case STAGE, CLOCK -> stage;
    };
  }
}
