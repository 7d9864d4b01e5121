package dev.orkestra.coordinator.task;

import static dev.orkestra.coordinator.task.Plans.plan;
import static dev.orkestra.coordinator.task.TaskDriver.DOCS;
import static dev.orkestra.coordinator.task.TaskDriver.ID;
import static dev.orkestra.coordinator.task.TaskDriver.change;
import static dev.orkestra.coordinator.task.TaskDriver.control;
import static dev.orkestra.coordinator.task.TaskDriver.decision;
import static dev.orkestra.coordinator.task.TaskDriver.failure;
import static dev.orkestra.coordinator.task.TaskDriver.gate;
import static dev.orkestra.coordinator.task.TaskDriver.implementing;
import static dev.orkestra.coordinator.task.TaskDriver.planReview;
import static dev.orkestra.events.task.TaskState.AWAITING_HUMAN_REVIEW;
import static dev.orkestra.events.task.TaskState.CODE_REVIEW;
import static dev.orkestra.events.task.TaskState.DONE;
import static dev.orkestra.events.task.TaskState.FAILED;
import static dev.orkestra.events.task.TaskState.IMPLEMENTING;
import static dev.orkestra.events.task.TaskState.NEW;
import static dev.orkestra.events.task.TaskState.PAUSED;
import static dev.orkestra.events.task.TaskState.PLANNED;
import static dev.orkestra.events.task.TaskState.PLANNING;
import static dev.orkestra.events.task.TaskState.PLAN_REVIEW;
import static dev.orkestra.events.task.TaskState.QUALITY_GATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.orkestra.events.task.Budget;
import dev.orkestra.events.task.ControlAction;
import dev.orkestra.events.task.DecisionKind;
import dev.orkestra.events.task.GateRequested;
import dev.orkestra.events.task.ImplementationRequested;
import dev.orkestra.events.task.PlanRequested;
import dev.orkestra.events.task.ReviewRequested;
import dev.orkestra.events.task.ReviewSubject;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.TaskSpec;
import dev.orkestra.events.task.TaskStateChanged;
import dev.orkestra.events.task.Verdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a task waits for a person (seed 002's triggers, and where the seed is silent) or fails on its budget. */
class TaskEscalationTest {

  private static List<Object> transitions(TaskDriver driver) {
    return driver.changes().stream()
        .map(c -> (Object) tuple(c.getFromState(), c.getToState(), c.getStepId())).toList();
  }

  @Test
  void theGateFailingThreeTimesWaitsForAPersonWithTheOptions() {
    TaskDriver driver = implementing(plan("S1"));
    for (int i = 0; i < 3; i++) {
      driver.implemented("S1").codeReviewed(Verdict.APPROVED).gated(false);
    }

    assertThat(driver.state()).isEqualTo(AWAITING_HUMAN_REVIEW);
    assertThat(driver.progress.escalation().trigger()).isEqualTo(EscalationTrigger.GATE_FAILED_REPEATEDLY);
    TaskStateChanged change = driver.changes().getLast();
    assertThat(change.getFromState()).isEqualTo(QUALITY_GATE);
    assertThat(change.getStepId()).isEqualTo("S1");
    assertThat(change.getOptions()).containsExactly(DecisionKind.APPROVE, DecisionKind.RETRY, DecisionKind.SKIP_STEP,
        DecisionKind.EDIT, DecisionKind.REJECT);
    assertThat(change.getReason()).startsWith("step S1: quality gate failed 3 times (last: failed checks: tests).");
    assertThat(driver.log.getLast().values(ImplementationRequested.class)).as("no fourth attempt").isEmpty();
  }

  @Test
  void codeRejectedThreeTimesWaitsForAPerson() {
    TaskDriver driver = implementing(plan("S1"));
    for (int i = 0; i < 2; i++) {
      driver.implemented("S1").codeReviewed(Verdict.REJECTED, "fuse() logic unclear");
      assertThat(driver.state()).isEqualTo(IMPLEMENTING);
    }
    driver.implemented("S1").codeReviewed(Verdict.REJECTED, "fuse() logic unclear");

    assertThat(driver.progress.escalation().trigger()).isEqualTo(EscalationTrigger.CODE_REJECTED_REPEATEDLY);
    assertThat(driver.changes().getLast().getReason()).startsWith(
        "step S1: code review rejected 3 times (last by claude-sonnet: required: fuse() logic unclear). Options:");
  }

  @Test
  void aRejectedPlanWaitsForAPersonAtOnce() {
    TaskDriver driver = new TaskDriver().submit(DOCS).planned(plan("S1")).planReviewed(Verdict.REJECTED, "wrong goal");

    assertThat(driver.state()).isEqualTo(AWAITING_HUMAN_REVIEW);
    assertThat(driver.progress.escalation().trigger()).isEqualTo(EscalationTrigger.PLAN_REJECTED);
    assertThat(driver.changes().getLast().getReason())
        .startsWith("plan v1 rejected by claude-sonnet: required: wrong goal. Options: APPROVE the plan as it is;");
  }

  @Test
  void aBlockerInAReviewIsARejection() {
    TaskDriver driver = new TaskDriver().submit(DOCS).planned(plan("S1"));
    var review = TaskDriver.review(driver.lastReview(ReviewSubject.PLAN), Verdict.APPROVED)
        .setBlockers(List.of("deletes production data")).build();

    driver.accept(new TaskEvent.Reviewed(review));

    assertThat(driver.progress.escalation().trigger()).isEqualTo(EscalationTrigger.PLAN_REJECTED);
  }

  @Test
  void aBreakingChangeWaitsForAPersonOnTheFirstAttempt() {
    TaskDriver driver = implementing(plan("S1")).implemented("S1").codeReviewed(Verdict.APPROVED);

    driver.accept(TaskDriver.breakingGate(driver.last(GateRequested.class)));

    assertThat(driver.progress.escalation().trigger()).isEqualTo(EscalationTrigger.BREAKING_CHANGE);
    assertThat(driver.changes().getLast().getReason())
        .startsWith("step S1: the quality gate detected a breaking API change (failed checks: api)");
  }

  @Test
  void aTaskOverItsTimeLimitWaitsForAPersonAndItsResultsAreHeld() {
    TaskDriver driver = implementing(plan("S1"));
    ImplementationRequested request = driver.lastImplementation("S1");
    driver.advance(Duration.ofHours(6).plusMinutes(1));

    driver.accept(new TaskEvent.Tick());

    assertThat(driver.state()).isEqualTo(AWAITING_HUMAN_REVIEW);
    assertThat(driver.progress.escalation().trigger()).isEqualTo(EscalationTrigger.TIME_LIMIT);
    assertThat(driver.changes().getLast().getReason()).isEqualTo("the task has run 6 h 1 min, over its time limit"
        + " of 6 h (time paused or waiting for a person not counted). Options: APPROVE to go on, with a new time"
        + " limit; REJECT to abort the task");

    TaskTransition held = driver.accept(change(request));
    assertThat(held.commands()).isEmpty();
    assertThat(driver.progress.held()).hasSize(1);

    driver.advance(Duration.ofHours(2));
    TaskTransition goOn = driver.accept(decision(ID, DecisionKind.APPROVE, "almost there"));
    assertThat(goOn.stateChanges()).extracting(TaskStateChanged::getFromState, TaskStateChanged::getToState)
        .containsExactly(tuple(AWAITING_HUMAN_REVIEW, IMPLEMENTING), tuple(IMPLEMENTING, CODE_REVIEW));
    assertThat(goOn.values(ReviewRequested.class)).hasSize(1);
    assertThat(driver.progress.deadline()).isEqualTo(driver.now + Duration.ofHours(6).toMillis());
  }

  @Test
  void theTimeLimitIsCheckedOnEveryEventNotOnlyOnTheClock() {
    TaskDriver driver = implementing(plan("S1"));
    driver.advance(Duration.ofHours(7));

    TaskTransition transition = driver.accept(change(driver.lastImplementation("S1")));

    assertThat(transition.stateChanges()).extracting(TaskStateChanged::getToState)
        .containsExactly(AWAITING_HUMAN_REVIEW);
    assertThat(driver.progress.held()).hasSize(1);
  }

  @Test
  void timePausedOrWaitingForAPersonDoesNotCount() {
    TaskDriver driver = implementing(plan("S1"));
    driver.advance(Duration.ofHours(1));
    driver.accept(control(ID, ControlAction.PAUSE));
    driver.advance(Duration.ofHours(20));
    driver.accept(control(ID, ControlAction.RESUME));
    driver.advance(Duration.ofHours(5));

    assertThat(driver.accept(new TaskEvent.Tick()).commands()).as("6 h used, not over").isEmpty();
    driver.advance(Duration.ofMillis(1));
    assertThat(driver.accept(new TaskEvent.Tick()).stateChanges()).extracting(TaskStateChanged::getToState)
        .containsExactly(AWAITING_HUMAN_REVIEW);
  }

  @Test
  void aTasksOwnTimeLimitAppliesAndTheClockStandsStillWhileItWaits() {
    TaskSpec quick = Tasks.spec(ID, Risk.LOW, "docs").setBudget(Budget.newBuilder().setMaxDurationMs(60_000L).build())
        .build();
    TaskDriver driver = new TaskDriver().submit(quick);
    driver.advance(Duration.ofMinutes(2));
    driver.accept(new TaskEvent.Tick());
    assertThat(driver.state()).isEqualTo(AWAITING_HUMAN_REVIEW);

    driver.advance(Duration.ofDays(3));
    assertThat(driver.accept(new TaskEvent.Tick()).commands()).isEmpty();
  }

  @Test
  void attemptsUsedOnAMixOfReviewAndGateFailuresWaitForAPerson() {
    TaskDriver driver = implementing(plan("S1"));
    driver.implemented("S1").codeReviewed(Verdict.REJECTED, "a");
    driver.implemented("S1").codeReviewed(Verdict.NEEDS_CHANGES, "b");
    driver.implemented("S1").codeReviewed(Verdict.APPROVED).gated(false);

    assertThat(driver.progress.escalation().trigger()).isEqualTo(EscalationTrigger.ATTEMPTS_EXHAUSTED);
    assertThat(driver.progress.escalation().stage()).isEqualTo(QUALITY_GATE);
  }

  @Test
  void aPlanNeedingChangesIsRevisedWithTheReviewUntilTheRoundsAreUsed() {
    TaskDriver driver = new TaskDriver().submit(DOCS).planned(plan("S1"))
        .planReviewed(Verdict.NEEDS_CHANGES, "add a test step");

    PlanRequested revision = driver.last(PlanRequested.class);
    assertThat(revision.getAttempt()).isEqualTo(2);
    assertThat(revision.getFeedback()).containsExactly("required: add a test step");
    assertThat(revision.getPreviousPlan().getPlanVersion()).isEqualTo(1);
    assertThat(driver.changes().getLast().getReason()).startsWith("plan v1 needs changes (review round 1 of 3,"
        + " by claude-sonnet): required: add a test step; planning again with the review;");

    driver.planned(plan("S1", "S2<S1")).planReviewed(Verdict.NEEDS_CHANGES, "more");
    assertThat(driver.state()).isEqualTo(PLANNING);
    driver.planned(plan("S1", "S2<S1")).planReviewed(Verdict.NEEDS_CHANGES, "still more");
    assertThat(driver.progress.escalation().trigger()).isEqualTo(EscalationTrigger.PLAN_NOT_APPROVED);
    assertThat(driver.progress.planVersion()).isEqualTo(3);
  }

  @Test
  void aPlanThatCannotBeScheduledGoesBackToThePlannerNotToTheReviewer() {
    TaskDriver driver = new TaskDriver().submit(DOCS).planned(plan("S1<S2", "S2<S1"));

    assertThat(driver.state()).isEqualTo(PLANNING);
    assertThat(driver.log.getLast().values(ReviewRequested.class)).isEmpty();
    PlanRequested again = driver.last(PlanRequested.class);
    assertThat(again.getAttempt()).isEqualTo(2);
    assertThat(again.getFeedback()).containsExactly("plan check: steps S1 -> S2 -> S1 depend on each other in a cycle");
    assertThat(driver.changes().getLast().getReason()).startsWith("plan v1 by gemini-flash cannot be scheduled:"
        + " steps S1 -> S2 -> S1 depend on each other in a cycle; planning again, review round 2 of 3;");

    driver.planned(plan("S1<S9")).planned(plan(1));
    assertThat(driver.progress.escalation().trigger()).isEqualTo(EscalationTrigger.PLAN_NOT_APPROVED);
    assertThat(driver.progress.escalation().options()).doesNotContain(DecisionKind.APPROVE);
    assertThat(driver.progress.escalation().reason()).startsWith("plan v3 is still invalid after 3 review rounds:"
        + " plan v3 has no steps.");
  }

  @Test
  void noReviewerOfAnotherFamilyMeansAPersonReviews() {
    ModelRouter geminiOnly = Models.router("""
        rules:
          - role: planner
            models: [gemini-flash]
          - role: plan-reviewer
            models: [claude-sonnet]
          - role: implementer
            models: [gemini-pro]
          - role: code-reviewer
            models: [gemini-flash, gemini-pro]
        """);
    TaskDriver driver = new TaskDriver(geminiOnly, BudgetPolicy.seedDefaults(), 1).submit(DOCS)
        .approvedPlan(plan("S1")).implemented("S1");

    assertThat(driver.state()).isEqualTo(AWAITING_HUMAN_REVIEW);
    assertThat(driver.progress.escalation().trigger()).isEqualTo(EscalationTrigger.NO_ELIGIBLE_MODEL);
    assertThat(driver.log.getLast().values(ReviewRequested.class)).as("no same-family review").isEmpty();
    assertThat(driver.changes().getLast().getReason()).startsWith("task RAE-002 / step S1: no eligible"
        + " code-reviewer: gemini-flash shares family gemini with author gemini-pro (rule 4);");

    TaskTransition approved = driver.accept(decision(ID, DecisionKind.APPROVE, "reviewed it myself"));
    assertThat(approved.stateChanges()).extracting(TaskStateChanged::getFromState, TaskStateChanged::getToState)
        .containsExactly(tuple(AWAITING_HUMAN_REVIEW, QUALITY_GATE));
    assertThat(approved.stateChanges().getFirst().getReason())
        .startsWith("code of step S1 approved by alice: reviewed it myself; quality gate at");
    assertThat(approved.values(GateRequested.class)).hasSize(1);
  }

  @Test
  void noRoutingRuleForThePlannerWaitsForAPersonRightAfterSubmission() {
    ModelRouter nothing = Models.router("rules:\n  - role: implementer\n    models: [gpt-mini]\n");
    TaskDriver driver = new TaskDriver(nothing, BudgetPolicy.seedDefaults(), 1).submit(DOCS);

    assertThat(transitions(driver)).containsExactly(tuple(null, NEW, null), tuple(NEW, AWAITING_HUMAN_REVIEW, null));
    assertThat(driver.progress.escalation().options()).containsExactly(DecisionKind.RETRY, DecisionKind.EDIT,
        DecisionKind.REJECT);
  }

  @Test
  void aRoleThatGivesUpWaitsForAPersonAndRetryAsksItAgain() {
    TaskDriver driver = implementing(plan("S1"));
    ImplementationRequested request = driver.lastImplementation("S1");

    driver.accept(failure(request, "implementer"));

    assertThat(driver.progress.escalation().trigger()).isEqualTo(EscalationTrigger.ROLE_FAILED);
    assertThat(driver.changes().getLast().getReason())
        .startsWith("step S1: implementer failed: rate limited (TRANSIENT_EXHAUSTED). Options: RETRY implementing");
    assertThat(driver.send(change(request)).rejection()).as("the failed request's step waits for no result")
        .endsWith(": step S1 waits for no result");

    driver.accept(decision(ID, DecisionKind.RETRY, "provider is back"));
    ImplementationRequested again = driver.lastImplementation("S1");
    assertThat(again.getAttempt()).isEqualTo(2);
    assertThat(again.getFeedback()).containsExactly("from a person: provider is back");
  }

  @Test
  void aFailureForNoOutstandingRequestIsRejected() {
    TaskDriver driver = implementing(plan("S1"));
    PlanRequested old = driver.last(PlanRequested.class);

    assertThat(driver.send(failure(old, "planner")).rejection())
        .endsWith(": it failed on a request the task does not wait for");
  }

  @Test
  void overTheCostBudgetTheTaskPausesAndGoesOnOnceResumedWithALargerBudget() {
    TaskSpec cheap = Tasks.spec(ID, Risk.LOW, "docs").setBudget(Budget.newBuilder().setMaxCostUsd(0.005).build())
        .build();
    TaskDriver driver = new TaskDriver().submit(cheap).planned(plan("S1"));
    ReviewRequested review = driver.lastReview(ReviewSubject.PLAN);

    TaskTransition over = driver.accept(planReview(review, Verdict.APPROVED));

    assertThat(driver.state()).isEqualTo(PAUSED);
    assertThat(over.reason()).isEqualTo("model spend $0.0110 is over the task's budget of $0.0050; paused with its"
        + " work kept: resume it with a larger budget (`orkestra resume " + ID + " --max-cost USD`)");
    assertThat(over.values(ImplementationRequested.class)).as("no model is asked for more").isEmpty();
    assertThat(driver.progress.usage().costUsd()).as("the held review is not counted yet").isEqualTo(0.001);

    assertThat(driver.send(control(ID, ControlAction.RESUME)).rejection())
        .endsWith(": still over budget with the results held while it was paused: model spend $0.0110 is over"
            + " the task's budget of $0.0050 (`orkestra resume " + ID + " --max-cost USD`)");
    assertThat(driver.send(control(ID, ControlAction.RESUME, Budget.newBuilder().setMaxCostUsd(0.01).build()))
        .rejection()).as("raised, but not enough").contains("model spend $0.0110 is over the task's budget of $0.0100");

    TaskTransition resumed = driver.accept(control(ID, ControlAction.RESUME,
        Budget.newBuilder().setMaxCostUsd(1.0).build()));

    assertThat(resumed.stateChanges()).extracting(TaskStateChanged::getToState).containsExactly(PLAN_REVIEW,
        PLANNED, IMPLEMENTING);
    assertThat(resumed.values(ImplementationRequested.class)).hasSize(1);
    assertThat(driver.progress.usage().costUsd()).as("counted once, when applied").isEqualTo(0.011);
    assertThat(driver.progress.spec().getBudget().getMaxCostUsd()).isEqualTo(1.0);
    driver.stepDone("S1");
    assertThat(driver.state()).isEqualTo(DONE);
  }

  @Test
  void overTheTokenLimitTheTaskPausesNamingTheCoordinatorsLimit() {
    TaskDriver driver = new TaskDriver(Models.seedRouter(), new BudgetPolicy(null, 5000L), 1).submit(DOCS)
        .planned(plan("S1")).planReviewed(Verdict.APPROVED);

    assertThat(driver.state()).isEqualTo(PAUSED);
    assertThat(driver.changes().getLast().getReason())
        .isEqualTo("models used 6000 tokens, over the limit of 5000 tokens per task; paused with its work kept:"
            + " resume it with a larger budget (the token limit is the coordinator's: raise it, restart the"
            + " coordinator, then `orkestra resume " + ID + "`)");
  }
}
