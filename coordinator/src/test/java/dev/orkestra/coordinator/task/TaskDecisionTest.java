package dev.orkestra.coordinator.task;

import static dev.orkestra.coordinator.task.Plans.plan;
import static dev.orkestra.coordinator.task.TaskDriver.DOCS;
import static dev.orkestra.coordinator.task.TaskDriver.ID;
import static dev.orkestra.coordinator.task.TaskDriver.implementing;
import static dev.orkestra.coordinator.task.TaskDriver.control;
import static dev.orkestra.coordinator.task.TaskDriver.decision;
import static dev.orkestra.coordinator.task.TaskDriver.gate;
import static dev.orkestra.events.task.TaskState.AWAITING_HUMAN_REVIEW;
import static dev.orkestra.events.task.TaskState.FAILED;
import static dev.orkestra.events.task.TaskState.IMPLEMENTING;
import static dev.orkestra.events.task.TaskState.QUALITY_GATE;
import static dev.orkestra.events.task.TaskState.STEP_COMPLETE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.orkestra.events.task.ControlAction;
import dev.orkestra.events.task.DecisionKind;
import dev.orkestra.events.task.GateRequested;
import dev.orkestra.events.task.ImplementationRequested;
import dev.orkestra.events.task.Plan;
import dev.orkestra.events.task.PlanRequested;
import dev.orkestra.events.task.TaskStateChanged;
import dev.orkestra.events.task.Verdict;
import org.junit.jupiter.api.Test;

/** What each of a person's decisions does to a task waiting for one. */
class TaskDecisionTest {

  private TaskDriver gateFailedThreeTimes(Plan plan) {
    TaskDriver driver = implementing(plan);
    for (int i = 0; i < 3; i++) {
      driver.implemented("S1").codeReviewed(Verdict.APPROVED).gated(false);
    }
    return driver;
  }

  @Test
  void approveAcceptsAStepTheGateKeptFailing() {
    TaskDriver driver = gateFailedThreeTimes(plan("S1", "S2<S1"));

    TaskTransition approved = driver.accept(decision(ID, DecisionKind.APPROVE, "flaky test, known"));

    assertThat(approved.stateChanges()).extracting(TaskStateChanged::getFromState, TaskStateChanged::getToState,
        TaskStateChanged::getStepId).containsExactly(tuple(AWAITING_HUMAN_REVIEW, STEP_COMPLETE, "S1"),
        tuple(STEP_COMPLETE, IMPLEMENTING, "S2"));
    assertThat(approved.stateChanges().getFirst().getReason())
        .isEqualTo("step S1 accepted by alice: flaky test, known (GATE_FAILED_REPEATEDLY)");
  }

  @Test
  void approveAfterCodeRejectionsStillRunsTheGate() {
    TaskDriver driver = implementing(plan("S1"));
    for (int i = 0; i < 3; i++) {
      driver.implemented("S1").codeReviewed(Verdict.REJECTED, "x");
    }

    TaskTransition approved = driver.accept(decision(ID, DecisionKind.APPROVE, null));

    assertThat(driver.state()).isEqualTo(QUALITY_GATE);
    assertThat(approved.values(GateRequested.class)).singleElement()
        .satisfies(g -> assertThat(g.getRepo().getCommitSha()).isEqualTo(TaskDriver.commitOf("S1", 3)));
  }

  @Test
  void retryCarriesThePersonsFeedbackAndGivesTheStepAFullRound() {
    TaskDriver driver = gateFailedThreeTimes(plan("S1"));

    driver.accept(decision(ID, DecisionKind.RETRY, "mock the clock in test_cache_expiry"));

    ImplementationRequested retry = driver.lastImplementation("S1");
    assertThat(retry.getAttempt()).isEqualTo(4);
    assertThat(retry.getFeedback()).containsExactly("from a person: mock the clock in test_cache_expiry",
        "gate: tests failed (exit 1):\nFAILED test_hybrid_search");
    driver.implemented("S1").codeReviewed(Verdict.APPROVED).gated(false);
    driver.implemented("S1").codeReviewed(Verdict.APPROVED).gated(false);
    assertThat(driver.state()).as("two failures of the new round").isEqualTo(IMPLEMENTING);
    driver.implemented("S1").codeReviewed(Verdict.APPROVED).gated(false);
    assertThat(driver.state()).isEqualTo(AWAITING_HUMAN_REVIEW);
  }

  @Test
  void skipGoesOnWithoutTheStepAndItsDependentsStart() {
    TaskDriver driver = gateFailedThreeTimes(plan("S1", "S2<S1"));

    TaskTransition skipped = driver.accept(decision(ID, DecisionKind.SKIP_STEP, "not needed", "S1", null));

    assertThat(skipped.stateChanges().getFirst().getReason()).isEqualTo("step S1 skipped by alice: not needed");
    assertThat(driver.lastImplementation("S2").getRepo().getCommitSha()).as("nothing of S1 on the branch")
        .isEqualTo(Tasks.BASE_SHA);
    driver.stepDone("S2");
    assertThat(driver.changes().getLast().getReason()).isEqualTo("all 2 steps complete (1 skipped); integration"
        + " order: S2");
  }

  @Test
  void rejectAbortsTheTask() {
    TaskDriver driver = gateFailedThreeTimes(plan("S1"));

    driver.accept(decision(ID, DecisionKind.REJECT, "wrong approach"));

    assertThat(driver.state()).isEqualTo(FAILED);
    assertThat(driver.changes().getLast().getReason()).isEqualTo("aborted by alice: wrong approach");
    assertThat(driver.send(new TaskEvent.Tick()).commands()).isEmpty();
    assertThat(driver.send(control(ID, ControlAction.RESUME)).rejection())
        .endsWith("rejected in state FAILED (task RAE-002): the task is finished and takes no more events");
  }

  @Test
  void editReplacesThePlanKeepsWhatIsDoneAndRestartsTheStoppedStep() {
    TaskDriver driver = implementing(plan("S1", "S2<S1")).stepDone("S1");
    for (int i = 0; i < 3; i++) {
      driver.implemented("S2").codeReviewed(Verdict.APPROVED).accept(gate(driver.lastGate("S2"), false));
    }
    Plan edited = plan("S1", "S2<S1", "S3<S2");

    TaskTransition transition = driver.accept(decision(ID, DecisionKind.EDIT, "split it", "S2", edited));

    assertThat(driver.progress.planVersion()).isEqualTo(2);
    assertThat(driver.progress.step("S1").done()).isTrue();
    assertThat(driver.progress.step("S2").attempt()).isEqualTo(1);
    assertThat(driver.lastImplementation("S2").getPlanVersion()).isEqualTo(2);
    assertThat(driver.lastImplementation("S2").getFeedback()).isEmpty();
    assertThat(transition.stateChanges().getFirst().getReason())
        .isEqualTo("plan v2 (3 steps) written by alice: split it; 1 steps keep their progress");
  }

  @Test
  void anEditedPlanThatCannotBeScheduledIsRejectedAndTheTaskKeepsWaiting() {
    TaskDriver driver = gateFailedThreeTimes(plan("S1"));

    TaskTransition transition = driver.send(decision(ID, DecisionKind.EDIT, null, null, plan("S1<S3")));

    assertThat(transition.rejection()).endsWith(": the edited plan cannot be scheduled: step S1 depends on S3,"
        + " which is not a step of plan v2");
    assertThat(driver.state()).isEqualTo(AWAITING_HUMAN_REVIEW);
    assertThat(driver.send(decision(ID, DecisionKind.EDIT, null)).rejection())
        .endsWith(": EDIT needs the edited plan (editedPlan)");
  }

  @Test
  void approvingARejectedPlanStartsItsSteps() {
    TaskDriver driver = new TaskDriver().submit(DOCS).planned(plan("S1")).planReviewed(Verdict.REJECTED, "x");

    driver.accept(decision(ID, DecisionKind.APPROVE, "the reviewer misread it"));

    assertThat(driver.state()).isEqualTo(IMPLEMENTING);
    assertThat(driver.changes()).extracting(TaskStateChanged::getReason)
        .contains("plan v1 approved by alice: the reviewer misread it; 1 step");
  }

  @Test
  void retryingARejectedPlanAsksThePlannerWithTheCommentAndTheReview() {
    TaskDriver driver = new TaskDriver().submit(DOCS).planned(plan("S1")).planReviewed(Verdict.REJECTED, "no tests");

    driver.accept(decision(ID, DecisionKind.RETRY, "add a testing step"));

    PlanRequested again = driver.last(PlanRequested.class);
    assertThat(again.getAttempt()).isEqualTo(2);
    assertThat(again.getFeedback()).containsExactly("from a person: add a testing step", "required: no tests");
    assertThat(driver.progress.planRoundsUsed()).isEqualTo(1);
  }

  @Test
  void aDecisionThatIsNotOfferedIsRejectedNamingTheOptions() {
    TaskDriver driver = new TaskDriver().submit(DOCS).planned(plan("S1")).planReviewed(Verdict.REJECTED, "x");

    assertThat(driver.send(decision(ID, DecisionKind.SKIP_STEP, null)).rejection())
        .isEqualTo("HumanDecision(SKIP_STEP by alice) rejected in state AWAITING_HUMAN_REVIEW (task RAE-002):"
            + " SKIP_STEP is not an option for PLAN_REJECTED (the options are [APPROVE, RETRY, EDIT, REJECT])");
  }

  @Test
  void aDecisionAboutAnotherStepIsRejected() {
    TaskDriver driver = gateFailedThreeTimes(plan("S1", "S2<S1"));

    assertThat(driver.send(decision(ID, DecisionKind.SKIP_STEP, null, "S2", null)).rejection())
        .endsWith(": it decides about step S2, but the task waits for a decision about step S1");
  }

  @Test
  void aDecisionWhileNothingWaitsIsRejected() {
    TaskDriver driver = implementing(plan("S1"));

    assertThat(driver.send(decision(ID, DecisionKind.APPROVE, null)).rejection())
        .isEqualTo("HumanDecision(APPROVE by alice) rejected in state IMPLEMENTING (task RAE-002):"
            + " no escalation waits for a decision");
  }
}
