package dev.orkestra.coordinator.task;

import static dev.orkestra.coordinator.task.Plans.plan;
import static dev.orkestra.coordinator.task.TaskDriver.DOCS;
import static dev.orkestra.coordinator.task.TaskDriver.ID;
import static dev.orkestra.coordinator.task.TaskDriver.implementing;
import static dev.orkestra.coordinator.task.TaskDriver.T0;
import static dev.orkestra.coordinator.task.TaskDriver.change;
import static dev.orkestra.coordinator.task.TaskDriver.codeReview;
import static dev.orkestra.coordinator.task.TaskDriver.control;
import static dev.orkestra.coordinator.task.TaskDriver.decision;
import static dev.orkestra.coordinator.task.TaskDriver.gate;
import static dev.orkestra.events.task.TaskState.CODE_REVIEW;
import static dev.orkestra.events.task.TaskState.DONE;
import static dev.orkestra.events.task.TaskState.IMPLEMENTING;
import static dev.orkestra.events.task.TaskState.NEW;
import static dev.orkestra.events.task.TaskState.PLANNED;
import static dev.orkestra.events.task.TaskState.PLANNING;
import static dev.orkestra.events.task.TaskState.PLAN_REVIEW;
import static dev.orkestra.events.task.TaskState.QUALITY_GATE;
import static dev.orkestra.events.task.TaskState.STEP_COMPLETE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.orkestra.events.task.ChangeProposed;
import dev.orkestra.events.task.ControlAction;
import dev.orkestra.events.task.DecisionKind;
import dev.orkestra.events.task.GateRequested;
import dev.orkestra.events.task.ImplementationRequested;
import dev.orkestra.events.task.Plan;
import dev.orkestra.events.task.PlanRequested;
import dev.orkestra.events.task.PlanStep;
import dev.orkestra.events.task.ReviewRequested;
import dev.orkestra.events.task.ReviewSubject;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.StepType;
import dev.orkestra.events.task.TaskStateChanged;
import dev.orkestra.events.task.Verdict;
import dev.orkestra.topics.Topics;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The task state machine along the seed's path, and what it does with bad input; TaskStateMachineTableTest covers every (state, event) pair. */
class TaskStateMachineTest {

  @Test
  void aTaskGoesFromNewToDoneThroughEveryStateOfTheSeed() {
    TaskDriver driver = implementing(plan("S1")).stepDone("S1");

    assertThat(driver.changes()).extracting(TaskStateChanged::getFromState, TaskStateChanged::getToState,
        TaskStateChanged::getStepId).containsExactly(
        tuple(null, NEW, null),
        tuple(NEW, PLANNING, null),
        tuple(PLANNING, PLAN_REVIEW, null),
        tuple(PLAN_REVIEW, PLANNED, null),
        tuple(PLANNED, IMPLEMENTING, "S1"),
        tuple(IMPLEMENTING, CODE_REVIEW, "S1"),
        tuple(CODE_REVIEW, QUALITY_GATE, "S1"),
        tuple(QUALITY_GATE, STEP_COMPLETE, "S1"),
        tuple(STEP_COMPLETE, DONE, null));
    assertThat(driver.state()).isEqualTo(DONE);
  }

  @Test
  void theSeedsMvpTaskIsRoutedAsTheSeedExpects() {
    // Seed 002, phase 1: planner Gemini Flash, plan reviewer Claude Sonnet, implementer Gemini Flash
    // (a docs step), code reviewer Claude Sonnet.
    PlanStep docstring = Tasks.step("S1", StepType.DOCS, Risk.LOW, dev.orkestra.events.task.Complexity.SMALL, null);
    TaskDriver driver = new TaskDriver().submit(Tasks.spec("TEST-001", Risk.LOW, "docs").build())
        .approvedPlan(Plans.plan(1, docstring)).implemented("S1");

    assertThat(driver.last(PlanRequested.class).getModel().getModelId()).isEqualTo("gemini-flash");
    assertThat(driver.lastReview(ReviewSubject.PLAN).getReviewer().getModelId()).isEqualTo("claude-sonnet");
    assertThat(driver.lastImplementation("S1").getModel().getModelId()).isEqualTo("gemini-flash");
    assertThat(driver.lastReview(ReviewSubject.CODE).getReviewer().getModelId()).isEqualTo("claude-sonnet");
    assertThat(driver.changes()).filteredOn(c -> c.getAssignedModel() != null)
        .extracting(c -> c.getAssignedModel().getModelId())
        .containsExactly("gemini-flash", "claude-sonnet", "gemini-flash", "claude-sonnet");
  }

  @Test
  void everyRequestNamesItsCauseAndTheTaskAndWhatItWorksOn() {
    TaskDriver driver = implementing(plan("S1")).implemented("S1").codeReviewed(Verdict.APPROVED);

    PlanRequested planning = driver.last(PlanRequested.class);
    assertThat(planning.getAttempt()).isEqualTo(1);
    assertThat(planning.getTask()).isEqualTo(DOCS);
    assertThat(planning.getEnvelope().getCorrelationId()).isEqualTo(ID);
    assertThat(planning.getEnvelope().getOccurredAt().toEpochMilli()).isEqualTo(T0);

    ReviewRequested planReview = driver.lastReview(ReviewSubject.PLAN);
    assertThat(planReview.getAuthor().getModelId()).isEqualTo("gemini-flash");
    assertThat(planReview.getPlan().getPlanVersion()).isEqualTo(1);

    ImplementationRequested implementation = driver.lastImplementation("S1");
    assertThat(implementation.getBranch()).isEqualTo("orkestra/RAE-002");
    assertThat(implementation.getRepo().getRef()).isEqualTo("orkestra/RAE-002");
    assertThat(implementation.getRepo().getCommitSha()).isEqualTo(Tasks.BASE_SHA);
    assertThat(implementation.getPlanVersion()).isEqualTo(1);
    assertThat(implementation.getFeedback()).isEmpty();

    ReviewRequested codeReview = driver.lastReview(ReviewSubject.CODE);
    assertThat(codeReview.getAuthor()).isEqualTo(implementation.getModel());
    assertThat(codeReview.getChange().getCommitSha()).isEqualTo(TaskDriver.commitOf("S1", 1));
    assertThat(codeReview.getReviewer().getFamily()).isNotEqualTo(codeReview.getAuthor().getFamily());

    GateRequested gate = driver.last(GateRequested.class);
    assertThat(gate.getRepo().getCommitSha()).isEqualTo(TaskDriver.commitOf("S1", 1));
    assertThat(gate.getBaseSha()).isEqualTo(Tasks.BASE_SHA);
    assertThat(gate.getPolicy()).isEqualTo(DOCS.getQuality());

    // Per-step work queues are keyed taskId/stepId, the rest by taskId.
    List<TaskCommand> commands = driver.log.stream().flatMap(t -> t.commands().stream()).toList();
    assertThat(commands).allSatisfy(c -> assertThat(c.key()).isEqualTo(
        c.value() instanceof ImplementationRequested || c.value() instanceof GateRequested
            ? Topics.stepKey(ID, "S1") : ID));
  }

  @Test
  void eachTransitionSaysWhyInWordsAndCarriesTheTasksFigures() {
    TaskDriver driver = implementing(plan("S1", "S2<S1")).stepDone("S1");
    List<TaskStateChanged> changes = driver.changes();

    assertThat(changes.get(0).getReason()).isEqualTo("submitted by grzegorz: goal of RAE-002");
    assertThat(changes.get(1).getReason())
        .isEqualTo("planning, attempt 1; task RAE-002: planner=gemini-flash (rule 6: cheap and good enough)");
    assertThat(changes.get(3).getReason()).isEqualTo("plan v1 approved by claude-sonnet (completeness 9); 2 steps");
    assertThat(changes.get(4).getReason()).startsWith("step S1 starts, attempt 1 of 3; task RAE-002 / step S1:"
        + " implementer=gemini-pro (rule 12");
    TaskStateChanged completed = changes.stream().filter(c -> c.getToState() == STEP_COMPLETE).findFirst().orElseThrow();
    assertThat(completed.getReason()).isEqualTo("quality gate passed at " + TaskDriver.commitOf("S1", 1).substring(0, 7));
    assertThat(completed.getStepsCompleted()).isEqualTo(1);
    assertThat(completed.getStepsTotal()).isEqualTo(2);
    assertThat(completed.getHeadSha()).isEqualTo(TaskDriver.commitOf("S1", 1));
    assertThat(completed.getPlanVersion()).isEqualTo(1);
    // planner 0.001 + plan review 0.01 + implementation 0.002 + code review 0.01
    assertThat(completed.getCumulativeCostUsd()).isCloseTo(0.023, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(changes.getLast().getReason()).startsWith("step S2 starts (after S1), attempt 1 of 3;");
  }

  @Test
  void aLaterStepBuildsOnTheCommitOfTheOneBeforeIt() {
    TaskDriver driver = implementing(plan("S1", "S2<S1")).stepDone("S1");

    assertThat(driver.lastImplementation("S2").getRepo().getCommitSha()).isEqualTo(TaskDriver.commitOf("S1", 1));
    driver.stepDone("S2");
    assertThat(driver.state()).isEqualTo(DONE);
    assertThat(driver.progress.headSha()).isEqualTo(TaskDriver.commitOf("S2", 1));
    assertThat(driver.progress.integrationOrder()).containsExactly("S1", "S2");
    assertThat(driver.changes().getLast().getReason()).isEqualTo("all 2 steps complete; integration order: S1, S2");
  }

  @Test
  void theMachineNeverChangesTheProgressItIsGiven() {
    TaskDriver driver = implementing(plan("S1"));
    TaskProgress before = driver.progress;

    TaskTransition after = driver.machine.on(before, change(driver.lastImplementation("S1")), driver.now);

    assertThat(after.progress()).isNotSameAs(before);
    assertThat(after.progress().step("S1").phase()).isEqualTo(CODE_REVIEW);
    assertThat(before.step("S1").phase()).isEqualTo(IMPLEMENTING);
    assertThat(before.step("S1").change()).isNull();
    assertThat(before.usage()).isNotEqualTo(after.progress().usage());
  }

  @Test
  void anEventForAnotherTaskIsRejected() {
    TaskDriver driver = implementing(plan("S1"));

    assertThat(driver.send(control("RAE-999", ControlAction.STOP)).rejection())
        .isEqualTo("ControlCommand(STOP by bob) rejected in state IMPLEMENTING (task RAE-002): it belongs to task RAE-999");
  }

  @Test
  void anythingBeforeTheSubmissionIsRejected() {
    TaskTransition transition = new TaskDriver().send(control(ID, ControlAction.PAUSE));

    assertThat(transition.rejection()).isEqualTo("ControlCommand(PAUSE by bob) rejected in state (no task)"
        + " (task RAE-002): no task RAE-002 was submitted");
    assertThat(transition.progress()).isNull();
  }

  @Test
  void aSubmissionWhoseEnvelopeNamesAnotherTaskIsRejected() {
    var original = ((TaskEvent.Submitted) TaskDriver.submitted(DOCS)).event();
    TaskEvent.Submitted submitted = new TaskEvent.Submitted(dev.orkestra.events.task.TaskSubmitted.newBuilder(original)
        .setEnvelope(dev.orkestra.events.common.Envelope.newBuilder(original.getEnvelope()).setCorrelationId("other")
            .build()).build());

    assertThat(new TaskDriver().send(submitted).rejection())
        .endsWith(": its envelope's correlationId is not its taskId RAE-002");
  }

  @Test
  void aSecondSubmissionOfTheSameTaskIsRejected() {
    TaskDriver driver = new TaskDriver().submit(DOCS);

    assertThat(driver.send(TaskDriver.submitted(DOCS)).rejection())
        .isEqualTo("TaskSubmitted(RAE-002) rejected in state PLANNING (task RAE-002): the task was already submitted");
  }

  @Test
  void aMalformedRecordIsRejectedNotThrown() {
    TaskDriver driver = implementing(plan("S1")).implemented("S1").codeReviewed(Verdict.APPROVED);
    var answer = TaskDriver.gateResult(driver.last(GateRequested.class), false).build();
    // What a broken producer could write: a required list left null.
    var broken = new dev.orkestra.events.task.GateResult(answer.getEnvelope(), answer.getTaskId(), answer.getStepId(),
        answer.getCommitSha(), false, null, null, null, null, 0, null, null, null, answer.getAttempt(), 0L);

    TaskTransition transition = driver.send(new TaskEvent.Gated(broken));

    assertThat(transition.rejected()).isTrue();
    assertThat(transition.rejection()).startsWith("GateResult(S1, failed, attempt 1) rejected in state QUALITY_GATE"
        + " (task RAE-002): it could not be read (java.lang.NullPointerException");
    assertThat(transition.progress()).isSameAs(driver.progress);
    assertThat(new TaskDriver().send(new TaskEvent.Changed(new ChangeProposed())).rejection())
        .isEqualTo("ChangeProposed(null, attempt 0) rejected in state (no task): no task null was submitted");
  }

  @Test
  void aResultWithoutItsAuthorIsRejected() {
    TaskDriver driver = implementing(plan("S1"));
    ChangeProposed anonymous = ChangeProposed.newBuilder(((TaskEvent.Changed) change(driver.lastImplementation("S1")))
        .event()).build();
    anonymous.put("author", null);

    assertThat(driver.send(new TaskEvent.Changed(anonymous)).rejection())
        .endsWith(": it names no author (a reviewer must differ from it)");
  }

  @Test
  void unknownSymbolsFromANewerWriterAreRejectedNotActedOn() {
    TaskDriver driver = gatedOnce();

    assertThat(driver.send(decision(ID, DecisionKind.UNKNOWN, null)).rejection())
        .endsWith(": the decision is not one this coordinator knows");
    assertThat(driver.send(control(ID, ControlAction.UNKNOWN)).rejection())
        .endsWith(": the action is not one this coordinator knows");
  }

  private TaskDriver gatedOnce() {
    TaskDriver driver = implementing(plan("S1")).implemented("S1").codeReviewed(Verdict.APPROVED);
    driver.accept(TaskDriver.breakingGate(driver.last(GateRequested.class)));
    return driver;
  }

  @Test
  void recordsTheMachineDoesNotTakeAreNotEvents() {
    assertThat(TaskEvent.of(dev.orkestra.events.task.Plan.newBuilder().setPlanVersion(1).build())).isEmpty();
    assertThat(TaskEvent.of(null)).isEmpty();
    assertThat(TaskEvent.of(((TaskEvent.Changed) change(implementing(plan("S1")).lastImplementation("S1"))).event()))
        .get().isInstanceOf(TaskEvent.Changed.class);
  }

  @Test
  void theConcurrencyLimitMustBePositive() {
    assertThatThrownBy(() -> new TaskStateMachine(Models.seedRouter(), BudgetPolicy.seedDefaults(), 0, "x"))
        .hasMessageContaining("at least 1");
  }

  @Test
  void aReviewForTheWrongSubjectStateIsRejected() {
    TaskDriver driver = implementing(plan("S1"));
    ReviewRequested planReview = driver.lastReview(ReviewSubject.PLAN);

    assertThat(driver.send(codeReview(planReview, Verdict.APPROVED)).rejection())
        .endsWith("rejected in state IMPLEMENTING (task RAE-002): no plan is under review");
  }
}
