package dev.orkestra.coordinator.task;

import static dev.orkestra.events.task.DecisionKind.APPROVE;
import static dev.orkestra.events.task.DecisionKind.EDIT;
import static dev.orkestra.events.task.DecisionKind.REJECT;
import static dev.orkestra.events.task.DecisionKind.RETRY;
import static dev.orkestra.events.task.DecisionKind.SKIP_STEP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.task.Budget;
import dev.orkestra.events.task.TaskState;
import dev.orkestra.events.task.Verdict;
import org.junit.jupiter.api.Test;

class EscalationPolicyTest {

  private final EscalationPolicy policy = new EscalationPolicy(BudgetPolicy.seedDefaults());
  private final Budget seed = Budget.newBuilder().build();

  @Test
  void aRejectedPlanEscalatesAtOnce() {
    Escalation escalation = policy.planReviewed(Verdict.REJECTED, 1, seed, 1, "gemini-pro", "no tests planned")
        .orElseThrow();

    assertThat(escalation.trigger()).isEqualTo(EscalationTrigger.PLAN_REJECTED);
    assertThat(escalation.stage()).isEqualTo(TaskState.PLAN_REVIEW);
    assertThat(escalation.stepId()).isNull();
    assertThat(escalation.options()).containsExactly(APPROVE, RETRY, EDIT, REJECT);
    assertThat(escalation.reason()).isEqualTo("plan v1 rejected by gemini-pro: no tests planned. Options:"
        + " APPROVE the plan as it is; RETRY planning with your feedback; EDIT the plan; REJECT to abort the task");
  }

  @Test
  void aPlanNeedingChangesIsRevisedUntilTheReviewRoundsAreUsed() {
    assertThat(policy.planReviewed(Verdict.NEEDS_CHANGES, 1, seed, 1, "r", "x")).isEmpty();
    assertThat(policy.planReviewed(Verdict.NEEDS_CHANGES, 2, seed, 2, "r", "x")).isEmpty();
    assertThat(policy.planReviewed(Verdict.NEEDS_CHANGES, 3, seed, 3, "gemini-pro", "split S5"))
        .get().satisfies(e -> {
          assertThat(e.trigger()).isEqualTo(EscalationTrigger.PLAN_NOT_APPROVED);
          assertThat(e.reason()).startsWith("plan v3 still needs changes after 3 review rounds (last by gemini-pro: split S5)");
        });
    assertThat(policy.planReviewed(Verdict.APPROVED, 9, seed, 9, "r", "x")).isEmpty();
  }

  @Test
  void anInvalidPlanCannotBeApprovedByAPerson() {
    Escalation escalation = policy.planInvalid(3, seed, 3, "step S2 depends on S9").orElseThrow();

    assertThat(escalation.stage()).isEqualTo(TaskState.PLANNING);
    assertThat(escalation.options()).containsExactly(RETRY, EDIT, REJECT);
    assertThat(policy.planInvalid(2, seed, 2, "x")).isEmpty();
  }

  @Test
  void codeRejectedThreeTimesEscalatesLikeTheSeedsReviewScreen() {
    assertThat(policy.codeReviewed("S5", Verdict.REJECTED, 2, 2, seed, "gemini-pro", "x")).isEmpty();

    Escalation escalation = policy.codeReviewed("S5", Verdict.REJECTED, 3, 3, seed, "gemini-pro",
        "HybridSearchEngine.fuse() logic unclear").orElseThrow();

    assertThat(escalation.trigger()).isEqualTo(EscalationTrigger.CODE_REJECTED_REPEATEDLY);
    assertThat(escalation.stepId()).isEqualTo("S5");
    assertThat(escalation.options()).containsExactly(APPROVE, RETRY, SKIP_STEP, EDIT, REJECT);
    assertThat(escalation.reason()).isEqualTo("step S5: code review rejected 3 times (last by gemini-pro:"
        + " HybridSearchEngine.fuse() logic unclear). Options: APPROVE the code (the quality gate still runs);"
        + " RETRY step S5 with your feedback; SKIP_STEP S5 and go on without it; EDIT the plan; REJECT to abort the task");
  }

  @Test
  void attemptsUsedOnAMixOfFailuresEscalateToo() {
    assertThat(policy.codeReviewed("S1", Verdict.NEEDS_CHANGES, 0, 3, seed, "gpt-mini", "add docstrings"))
        .get().satisfies(e -> {
          assertThat(e.trigger()).isEqualTo(EscalationTrigger.ATTEMPTS_EXHAUSTED);
          assertThat(e.reason()).startsWith(
              "step S1: not approved after 3 attempts (last: code review by gpt-mini asked for changes: add docstrings)");
        });
    assertThat(policy.gateFailed("S1", false, 1, 3, seed, "lint failed")).get()
        .satisfies(e -> {
          assertThat(e.trigger()).isEqualTo(EscalationTrigger.ATTEMPTS_EXHAUSTED);
          assertThat(e.stage()).isEqualTo(TaskState.QUALITY_GATE);
        });
    assertThat(policy.codeReviewed("S1", Verdict.NEEDS_CHANGES, 0, 2, seed, "r", "x")).isEmpty();
    assertThat(policy.codeReviewed("S1", Verdict.APPROVED, 5, 5, seed, "r", "x")).isEmpty();
  }

  @Test
  void theGateFailingThreeTimesEscalates() {
    assertThat(policy.gateFailed("S2", false, 2, 2, seed, "x")).isEmpty();

    Escalation escalation = policy.gateFailed("S2", false, 3, 3, seed, "3 tests failed").orElseThrow();

    assertThat(escalation.trigger()).isEqualTo(EscalationTrigger.GATE_FAILED_REPEATEDLY);
    assertThat(escalation.reason()).startsWith("step S2: quality gate failed 3 times (last: 3 tests failed). Options:"
        + " APPROVE the step as it is; RETRY step S2 with your feedback;");
  }

  @Test
  void aBreakingChangeEscalatesOnTheFirstAttempt() {
    Escalation escalation = policy.gateFailed("S2", true, 1, 1, seed, "removed SearchApi.find").orElseThrow();

    assertThat(escalation.trigger()).isEqualTo(EscalationTrigger.BREAKING_CHANGE);
    assertThat(escalation.reason()).startsWith("step S2: the quality gate detected a breaking API change (removed SearchApi.find)");
  }

  @Test
  void aTaskOverTimeMayOnlyGoOnOrBeAborted() {
    Escalation escalation = policy.overTime(TaskState.CODE_REVIEW, "the task has run 6 h 1 min");

    assertThat(escalation.options()).containsExactly(APPROVE, REJECT);
    assertThat(escalation.stage()).isEqualTo(TaskState.CODE_REVIEW);
    assertThat(escalation.reason()).isEqualTo("the task has run 6 h 1 min. Options: APPROVE to go on, with a new"
        + " time limit; REJECT to abort the task");
  }

  @Test
  void aMissingModelOrAFailedRoleIsRetriedByRoutingTheStageAgain() {
    Escalation noModel = policy.noEligibleModel(TaskState.CODE_REVIEW, "S3", "task T / step S3: no eligible code-reviewer");
    Escalation failed = policy.roleFailed(TaskState.IMPLEMENTING, "S3", "implementer", "rate limited (TRANSIENT_EXHAUSTED)");
    Escalation planner = policy.roleFailed(TaskState.PLANNING, null, "planner", "timeout");

    assertThat(noModel.options()).containsExactly(APPROVE, RETRY, SKIP_STEP, EDIT, REJECT);
    assertThat(noModel.reason()).contains("RETRY the code review of step S3 (routed again)");
    assertThat(failed.options()).containsExactly(RETRY, SKIP_STEP, EDIT, REJECT);
    assertThat(failed.reason()).startsWith("step S3: implementer failed: rate limited (TRANSIENT_EXHAUSTED). Options:"
        + " RETRY implementing step S3 (routed again)");
    assertThat(planner.options()).containsExactly(RETRY, EDIT, REJECT);
    assertThat(planner.reason()).startsWith("planner failed: timeout. Options: RETRY planning (routed again)");
  }

  @Test
  void retryGoesBackToPlanningToTheStepOrToTheStoppedStage() {
    assertThat(EscalationTrigger.PLAN_REJECTED.retryFrom(TaskState.PLAN_REVIEW)).isEqualTo(TaskState.PLANNING);
    assertThat(EscalationTrigger.PLAN_NOT_APPROVED.retryFrom(TaskState.PLAN_REVIEW)).isEqualTo(TaskState.PLANNING);
    for (EscalationTrigger work : new EscalationTrigger[] {EscalationTrigger.GATE_FAILED_REPEATEDLY,
        EscalationTrigger.CODE_REJECTED_REPEATEDLY, EscalationTrigger.BREAKING_CHANGE,
        EscalationTrigger.ATTEMPTS_EXHAUSTED}) {
      assertThat(work.retryFrom(TaskState.QUALITY_GATE)).isEqualTo(TaskState.IMPLEMENTING);
    }
    assertThat(EscalationTrigger.NO_ELIGIBLE_MODEL.retryFrom(TaskState.CODE_REVIEW)).isEqualTo(TaskState.CODE_REVIEW);
    assertThat(EscalationTrigger.ROLE_FAILED.retryFrom(TaskState.QUALITY_GATE)).isEqualTo(TaskState.QUALITY_GATE);
  }

  @Test
  void aTasksOwnRoundsAndAttemptsAreHonoured() {
    Budget strict = Budget.newBuilder().setMaxAttempts(1).setMaxReviewRounds(1).build();

    assertThat(policy.planReviewed(Verdict.NEEDS_CHANGES, 1, strict, 1, "r", "x")).isPresent();
    assertThat(policy.codeReviewed("S1", Verdict.REJECTED, 1, 1, strict, "r", "x")).get()
        .extracting(Escalation::trigger).isEqualTo(EscalationTrigger.CODE_REJECTED_REPEATEDLY);
    assertThat(policy.gateFailed("S1", false, 1, 1, strict, "x")).get()
        .extracting(Escalation::trigger).isEqualTo(EscalationTrigger.GATE_FAILED_REPEATEDLY);
  }
}
