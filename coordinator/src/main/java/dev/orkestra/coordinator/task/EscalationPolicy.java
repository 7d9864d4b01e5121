package dev.orkestra.coordinator.task;

import dev.orkestra.events.task.Budget;
import dev.orkestra.events.task.DecisionKind;
import dev.orkestra.events.task.TaskState;
import dev.orkestra.events.task.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a task stops and waits for a person (seed 002's escalation triggers), and what that person
 * is offered. Every escalation's reason says what happened, the issue, and each option in words,
 * like the seed's review screen ("S5: Code review rejected 3x / Issue: ... / Options: ...").
 */
public final class EscalationPolicy {

  private final BudgetPolicy budgets;

  public EscalationPolicy(BudgetPolicy budgets) {
    this.budgets = budgets;
  }

  /** After a plan review: a rejection escalates at once; needing changes, once the review rounds are used. */
  public Optional<Escalation> planReviewed(Verdict verdict, int roundsUsed, Budget budget, int planVersion,
      String reviewer, String issue) {
    return switch (verdict) {
      case APPROVED -> Optional.empty();
      case REJECTED -> Optional.of(escalation(EscalationTrigger.PLAN_REJECTED, TaskState.PLAN_REVIEW, null,
          "plan v" + planVersion + " rejected by " + reviewer + ": " + issue));
      case NEEDS_CHANGES -> roundsUsed < budgets.maxReviewRounds(budget)
          ? Optional.empty()
          : Optional.of(escalation(EscalationTrigger.PLAN_NOT_APPROVED, TaskState.PLAN_REVIEW, null,
              "plan v" + planVersion + " still needs changes after " + rounds(roundsUsed) + " (last by " + reviewer
                  + ": " + issue + ")"));
    };
  }

  /** After a plan that cannot be scheduled (a cycle, an unknown dependency): asked again until the rounds are used. */
  public Optional<Escalation> planInvalid(int roundsUsed, Budget budget, int planVersion, String problems) {
    return roundsUsed < budgets.maxReviewRounds(budget)
        ? Optional.empty()
        : Optional.of(escalation(EscalationTrigger.PLAN_NOT_APPROVED, TaskState.PLANNING, null,
            "plan v" + planVersion + " is still invalid after " + rounds(roundsUsed) + ": " + problems));
  }

  /**
   * After a code review that did not approve.
   *
   * @param rejections REJECTED verdicts of this step since it was last started or retried by a person
   * @param attemptsUsed implementation attempts since then, this one included
   */
  public Optional<Escalation> codeReviewed(String stepId, Verdict verdict, int rejections, int attemptsUsed,
      Budget budget, String reviewer, String issue) {
    if (verdict == Verdict.APPROVED) {
      return Optional.empty();
    }
    if (verdict == Verdict.REJECTED && rejections >= budgets.maxReviewRounds(budget)) {
      return Optional.of(escalation(EscalationTrigger.CODE_REJECTED_REPEATEDLY, TaskState.CODE_REVIEW, stepId,
          "step " + stepId + ": code review rejected " + times(rejections) + " (last by " + reviewer + ": " + issue
              + ")"));
    }
    if (attemptsUsed >= budgets.maxAttempts(budget)) {
      return Optional.of(escalation(EscalationTrigger.ATTEMPTS_EXHAUSTED, TaskState.CODE_REVIEW, stepId,
          "step " + stepId + ": not approved after " + attempts(attemptsUsed) + " (last: code review by " + reviewer
              + (verdict == Verdict.REJECTED ? " rejected it: " : " asked for changes: ") + issue + ")"));
    }
    return Optional.empty();
  }

  /**
   * After a failed quality gate: a breaking change escalates at once (seed 002), other failures
   * once the gate has failed maxAttempts times, or the step has used its attempts.
   */
  public Optional<Escalation> gateFailed(String stepId, boolean breakingChange, int gateFailures, int attemptsUsed,
      Budget budget, String issue) {
    if (breakingChange) {
      return Optional.of(escalation(EscalationTrigger.BREAKING_CHANGE, TaskState.QUALITY_GATE, stepId,
          "step " + stepId + ": the quality gate detected a breaking API change (" + issue + ")"));
    }
    if (gateFailures >= budgets.maxAttempts(budget)) {
      return Optional.of(escalation(EscalationTrigger.GATE_FAILED_REPEATEDLY, TaskState.QUALITY_GATE, stepId,
          "step " + stepId + ": quality gate failed " + times(gateFailures) + " (last: " + issue + ")"));
    }
    if (attemptsUsed >= budgets.maxAttempts(budget)) {
      return Optional.of(escalation(EscalationTrigger.ATTEMPTS_EXHAUSTED, TaskState.QUALITY_GATE, stepId,
          "step " + stepId + ": not done after " + attempts(attemptsUsed) + " (last: quality gate failed: " + issue
              + ")"));
    }
    return Optional.empty();
  }

  /** The task ran past its time limit while in {@code stage}. */
  public Escalation overTime(TaskState stage, String why) {
    return escalation(EscalationTrigger.TIME_LIMIT, stage, null, why);
  }

  /** Routing found no model (or none of another family) for the work of {@code stage}. */
  public Escalation noEligibleModel(TaskState stage, String stepId, String routingReason) {
    return escalation(EscalationTrigger.NO_ELIGIBLE_MODEL, stage, stepId, routingReason);
  }

  /** A role service gave up on the request of {@code stage}. */
  public Escalation roleFailed(TaskState stage, String stepId, String role, String reason) {
    String where = stepId == null ? "" : "step " + stepId + ": ";
    return escalation(EscalationTrigger.ROLE_FAILED, stage, stepId, where + role + " failed: " + reason);
  }

  /**
   * What a person may decide. APPROVE accepts what stopped at a review or at the gate (a plan, a
   * step's code — the gate still runs —, a step), or lets a task over time go on; there is
   * nothing to accept when planning or implementing stopped. Over time there is nothing to redo,
   * skip or edit: the person lets it go on or aborts it.
   */
  static List<DecisionKind> options(EscalationTrigger trigger, TaskState stage, String stepId) {
    List<DecisionKind> options = new ArrayList<>();
    boolean clock = trigger == EscalationTrigger.TIME_LIMIT;
    if (clock || stage == TaskState.PLAN_REVIEW || stage == TaskState.CODE_REVIEW || stage == TaskState.QUALITY_GATE) {
      options.add(DecisionKind.APPROVE);
    }
    if (!clock) {
      options.add(DecisionKind.RETRY);
      if (stepId != null) {
        options.add(DecisionKind.SKIP_STEP);
      }
      options.add(DecisionKind.EDIT);
    }
    options.add(DecisionKind.REJECT);
    return List.copyOf(options);
  }

  private Escalation escalation(EscalationTrigger trigger, TaskState stage, String stepId, String what) {
    List<DecisionKind> options = options(trigger, stage, stepId);
    List<String> words = new ArrayList<>();
    for (DecisionKind option : options) {
      words.add(describe(option, trigger, stage, stepId));
    }
    return new Escalation(trigger, stage, stepId, what + ". Options: " + String.join("; ", words), options);
  }

  private static String describe(DecisionKind option, EscalationTrigger trigger, TaskState stage, String stepId) {
    return switch (option) {
      case APPROVE -> switch (trigger == EscalationTrigger.TIME_LIMIT ? TaskState.UNKNOWN : stage) {
        case PLAN_REVIEW -> "APPROVE the plan as it is";
        case CODE_REVIEW -> "APPROVE the code (the quality gate still runs)";
        case QUALITY_GATE -> "APPROVE the step as it is";
        default -> "APPROVE to go on, with a new time limit";
      };
      case RETRY -> switch (trigger.kind()) {
        case PLAN -> "RETRY planning with your feedback";
        case WORK -> "RETRY step " + stepId + " with your feedback";
        case STAGE, CLOCK -> "RETRY " + stageWork(stage, stepId) + " (routed again)";
      };
      case SKIP_STEP -> "SKIP_STEP " + stepId + " and go on without it";
      case EDIT -> "EDIT the plan";
      case REJECT -> "REJECT to abort the task";
      case UNKNOWN -> option.name();
    };
  }

  private static String stageWork(TaskState stage, String stepId) {
    return switch (stage) {
      case PLANNING -> "planning";
      case PLAN_REVIEW -> "the plan review";
      case IMPLEMENTING -> "implementing step " + stepId;
      case CODE_REVIEW -> "the code review of step " + stepId;
      case QUALITY_GATE -> "the quality gate of step " + stepId;
      default -> "the stopped work";
    };
  }

  private static String rounds(int n) {
    return n == 1 ? "1 review round" : n + " review rounds";
  }

  private static String times(int n) {
    return n == 1 ? "once" : n + " times";
  }

  private static String attempts(int n) {
    return n == 1 ? "1 attempt" : n + " attempts";
  }
}
