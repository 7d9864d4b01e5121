package dev.orkestra.coordinator.task;

import static dev.orkestra.coordinator.task.Plans.plan;
import static dev.orkestra.coordinator.task.TaskDriver.DOCS;
import static dev.orkestra.coordinator.task.TaskDriver.ID;
import static dev.orkestra.coordinator.task.TaskPipelineDriver.record;
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
import static dev.orkestra.events.task.TaskState.STEP_COMPLETE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.orkestra.coordinator.CoordinatorConfig;
import dev.orkestra.coordinator.task.state.TaskProgressState;
import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.events.task.Budget;
import dev.orkestra.events.task.ControlAction;
import dev.orkestra.events.task.DecisionKind;
import dev.orkestra.events.task.GateRequested;
import dev.orkestra.events.task.HumanDecision;
import dev.orkestra.events.task.ImplementationRequested;
import dev.orkestra.events.task.Plan;
import dev.orkestra.events.task.PlanRequested;
import dev.orkestra.events.task.PlanStep;
import dev.orkestra.events.task.ReviewRequested;
import dev.orkestra.events.task.ReviewSubject;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.TaskSpec;
import dev.orkestra.events.task.TaskStateChanged;
import dev.orkestra.events.task.TaskSubmitted;
import dev.orkestra.events.task.Verdict;
import dev.orkestra.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole task topology in a TopologyTestDriver; planner, reviewer, implementer and gate played by test code. */
class TaskCoordinatorTest {

  @TempDir
  Path stateDir;

  private CoordinatorConfig config;
  private TaskPipelineDriver pipeline;

  @BeforeEach
  void start() {
    config = CoordinatorConfig.defaults()
        .withApplicationId("ttd-" + UUID.randomUUID().toString().substring(0, 8))
        .withInstanceId("ttd");
    pipeline = new TaskPipelineDriver(config, TaskConfig.of(Models.seedRouter()), stateDir);
  }

  @AfterEach
  void stop() {
    pipeline.close();
  }

  @Test
  void aTaskGoesFromSubmissionThroughPlanReviewImplementationCodeReviewAndGateToDone() {
    TaskSubmitted submitted = record(TaskDriver.submitted(DOCS));
    pipeline.submit(submitted);

    KeyValue<String, PlanRequested> planning = pipeline.planRequests.readKeyValue();
    assertThat(planning.key).isEqualTo(ID);
    assertThat(planning.value.getAttempt()).isEqualTo(1);
    assertThat(planning.value.getEnvelope().getCausationId()).isEqualTo(submitted.getEnvelope().getEventId());
    assertThat(planning.value.getEnvelope().getProducer()).isEqualTo(config.producer());
    pipeline.propose(planning.value, plan("S1"));

    KeyValue<String, ReviewRequested> planReview = pipeline.reviewRequests.readKeyValue();
    assertThat(planReview.key).isEqualTo(ID);
    assertThat(planReview.value.getSubject()).isEqualTo(ReviewSubject.PLAN);
    assertThat(planReview.value.getReviewer().getFamily()).isNotEqualTo(planning.value.getModel().getFamily());
    pipeline.review(planReview.value, Verdict.APPROVED);

    KeyValue<String, ImplementationRequested> implementation = pipeline.implementationRequests.readKeyValue();
    assertThat(implementation.key).isEqualTo(Topics.stepKey(ID, "S1"));
    assertThat(implementation.value.getStep().getId()).isEqualTo("S1");
    // Keyed ID/S1 by the implementer: the topology re-keys it to its task.
    pipeline.implement(implementation.value);

    ReviewRequested codeReview = pipeline.reviewRequests.readValue();
    assertThat(codeReview.getSubject()).isEqualTo(ReviewSubject.CODE);
    assertThat(codeReview.getChange().getCommitSha()).isEqualTo(TaskDriver.commitOf("S1", 1));
    pipeline.review(codeReview, Verdict.APPROVED);

    KeyValue<String, GateRequested> gate = pipeline.gateRequests.readKeyValue();
    assertThat(gate.key).isEqualTo(Topics.stepKey(ID, "S1"));
    assertThat(gate.value.getRepo().getCommitSha()).isEqualTo(TaskDriver.commitOf("S1", 1));
    pipeline.gate(gate.value, true);

    List<KeyValue<String, TaskStateChanged>> events = pipeline.taskEvents.readKeyValuesToList();
    assertThat(events).extracting(event -> event.key).containsOnly(ID);
    assertThat(events).extracting(event -> tuple(event.value.getFromState(), event.value.getToState()))
        .containsExactly(tuple(null, NEW), tuple(NEW, PLANNING), tuple(PLANNING, PLAN_REVIEW),
            tuple(PLAN_REVIEW, PLANNED), tuple(PLANNED, IMPLEMENTING), tuple(IMPLEMENTING, CODE_REVIEW),
            tuple(CODE_REVIEW, QUALITY_GATE), tuple(QUALITY_GATE, STEP_COMPLETE), tuple(STEP_COMPLETE, DONE));
    assertThat(events.getLast().value.getReason()).isEqualTo("all 1 steps complete; integration order: S1");
    assertThat(events.getLast().value.getHeadSha()).isEqualTo(TaskDriver.commitOf("S1", 1));
    assertThat(pipeline.progress(ID).state()).isEqualTo(DONE);
    assertThat(pipeline.deadLetters.isEmpty()).isTrue();
    assertThat(pipeline.planRequests.isEmpty() && pipeline.reviewRequests.isEmpty()
        && pipeline.implementationRequests.isEmpty() && pipeline.gateRequests.isEmpty()).as("nothing more asked").isTrue();
  }

  @Test
  void aReviewAskingForChangesSendsTheStepBackWithTheReviewersFeedback() {
    ImplementationRequested first = implementing(plan("S1"));
    pipeline.implement(first);
    pipeline.review(pipeline.reviewRequests.readValue(), Verdict.NEEDS_CHANGES, "cover the empty query in a test");

    ImplementationRequested second = pipeline.implementationRequests.readValue();
    assertThat(second.getAttempt()).isEqualTo(2);
    assertThat(second.getFeedback()).anySatisfy(line -> assertThat(line).contains("cover the empty query in a test"));
    assertThat(lastEvent().getReason()).contains("retry attempt 2 of 3 with the reviewer's feedback");

    pipeline.implement(second);
    ReviewRequested again = pipeline.reviewRequests.readValue();
    assertThat(again.getChange().getCommitSha()).isEqualTo(TaskDriver.commitOf("S1", 2));
    assertThat(again.getAttempt()).isEqualTo(2);
  }

  @Test
  void aBreakingChangeWaitsForAPersonWhoseApprovalFinishesTheTask() {
    ImplementationRequested implementation = implementing(plan("S1"));
    pipeline.implement(implementation);
    pipeline.review(pipeline.reviewRequests.readValue(), Verdict.APPROVED);
    pipeline.gates.pipeInput(Topics.stepKey(ID, "S1"),
        record(TaskDriver.breakingGate(pipeline.gateRequests.readValue())));

    TaskStateChanged waiting = lastEvent();
    assertThat(waiting.getToState()).isEqualTo(AWAITING_HUMAN_REVIEW);
    assertThat(waiting.getOptions()).contains(DecisionKind.APPROVE, DecisionKind.REJECT);
    assertThat(waiting.getReason()).startsWith("step S1: the quality gate detected a breaking API change");
    assertThat(pipeline.progress(ID).escalation().trigger()).isEqualTo(EscalationTrigger.BREAKING_CHANGE);

    HumanDecision approve = record(TaskDriver.decision(ID, DecisionKind.APPROVE, "the API change is intended"));
    pipeline.decide(approve);

    assertThat(pipeline.taskEvents.readValuesToList())
        .extracting(TaskStateChanged::getFromState, TaskStateChanged::getToState)
        .containsExactly(tuple(AWAITING_HUMAN_REVIEW, STEP_COMPLETE), tuple(STEP_COMPLETE, DONE));
    assertThat(pipeline.progress(ID).state()).isEqualTo(DONE);
    assertThat(pipeline.deadLetters.isEmpty()).isTrue();
  }

  @Test
  void aResultArrivingWhilePausedIsHeldUntilTheTaskResumes() {
    ImplementationRequested implementation = implementing(plan("S1"));
    pipeline.control(record(TaskDriver.control(ID, ControlAction.PAUSE)));
    assertThat(lastEvent().getToState()).isEqualTo(PAUSED);

    pipeline.implement(implementation);

    assertThat(pipeline.reviewRequests.isEmpty()).as("no review while paused").isTrue();
    assertThat(pipeline.taskEvents.isEmpty()).isTrue();
    assertThat(pipeline.progress(ID).held()).hasSize(1);

    pipeline.control(record(TaskDriver.control(ID, ControlAction.RESUME)));

    assertThat(pipeline.taskEvents.readValuesToList())
        .extracting(TaskStateChanged::getFromState, TaskStateChanged::getToState)
        .containsExactly(tuple(PAUSED, IMPLEMENTING), tuple(IMPLEMENTING, CODE_REVIEW));
    assertThat(pipeline.reviewRequests.readValue().getChange().getCommitSha())
        .isEqualTo(TaskDriver.commitOf("S1", 1));
    assertThat(pipeline.progress(ID).held()).isEmpty();
  }

  @Test
  void aSecondSubmissionForARunningTaskIsRefusedNamingTheRunAndItsOwnRepublishIsIgnored() {
    TaskSubmitted first = record(TaskDriver.submitted(DOCS));
    pipeline.submit(first);
    pipeline.taskEvents.readValuesToList();
    pipeline.planRequests.readValue();

    TaskSubmitted second = record(TaskDriver.submitted(DOCS));
    pipeline.submit(second);

    TaskStateChanged refusal = pipeline.taskEvents.readValue();
    assertThat(refusal.getFromState()).isEqualTo(PLANNING);
    assertThat(refusal.getToState()).isEqualTo(PLANNING);
    assertThat(refusal.getEnvelope().getCausationId()).isEqualTo(second.getEnvelope().getEventId());
    assertThat(refusal.getReason()).isEqualTo("TaskSubmitted " + second.getEnvelope().getEventId()
        + " refused: task " + ID + " is already running (run " + first.getEnvelope().getEventId() + ", submitted "
        + first.getEnvelope().getOccurredAt() + " by grzegorz; now PLANNING, 0/0 steps done) and goes on"
        + " unchanged; to start over, stop it and submit it under a new taskId");
    assertThat(pipeline.planRequests.isEmpty()).as("no second run").isTrue();
    assertThat(pipeline.progress(ID).submission()).isEqualTo(first.getEnvelope());

    pipeline.submit(first);

    assertThat(pipeline.taskEvents.isEmpty()).as("the run's own submission, published again").isTrue();
    assertThat(pipeline.planRequests.isEmpty()).isTrue();
    assertThat(pipeline.deadLetters.isEmpty()).isTrue();
  }

  @Test
  void aSubmissionForAFinishedTaskIsRefusedToo() {
    ImplementationRequested implementation = implementing(plan("S1"));
    pipeline.control(record(TaskDriver.control(ID, ControlAction.STOP)));
    pipeline.taskEvents.readValuesToList();

    pipeline.submit(record(TaskDriver.submitted(DOCS)));

    assertThat(pipeline.taskEvents.readValue().getReason()).contains("already ran (run ")
        .endsWith("by grzegorz; finished in STOPPED, 0/1 steps done); a task id is run once: submit it again under a"
            + " new taskId");
    assertThat(pipeline.planRequests.isEmpty()).isTrue();
    assertThat(implementation.getStep().getId()).isEqualTo("S1");
  }

  @Test
  void anUndecodableRecordIsDeadLetteredAndTheNextTaskStillRuns() {
    // The test driver drops a dead letter written inside an exactly-once transaction that commits
    // nothing else (the real producer does not); at-least-once lets it show what the handler wrote.
    restartWith(Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE), "alos");
    byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
    pipeline.pipeRaw(Topics.TASKS.name(), "T-garbage", garbage);

    KeyValue<String, DeadLetter> letter = pipeline.deadLetters.readKeyValue();
    assertThat(letter.value.getSourceTopic()).isEqualTo(Topics.TASKS.name());
    assertThat(letter.value.getPayload().array()).isEqualTo(garbage);
    assertThat(letter.value.getReason()).contains("TaskSubmitted");
    assertThat(letter.value.getProducer()).isEqualTo(config.producer());

    pipeline.submit(record(TaskDriver.submitted(DOCS)));
    assertThat(pipeline.planRequests.readKeyValue().key).isEqualTo(ID);
  }

  @Test
  void aSubmissionOlderThanADayWhenFirstSeenIsDeadLetteredAndStartsNothing() {
    restartWith(Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE), "alos-old");
    pipeline.advance(Duration.ofHours(25));
    TaskSubmitted old = record(TaskDriver.submitted(DOCS));

    pipeline.submit(old);

    DeadLetter letter = pipeline.deadLetters.readValue();
    assertThat(letter.getReason()).isEqualTo("TaskSubmitted " + old.getEnvelope().getEventId() + " refused: task "
        + ID + " was submitted at 2026-12-01T09:00:00Z, 25 h before this coordinator saw it, over the 24 h a"
        + " submission stays valid; submit it again to run it");
    assertThat(pipeline.planRequests.isEmpty()).isTrue();
    assertThat(pipeline.taskEvents.isEmpty()).isTrue();
    assertThat(pipeline.store().get(ID)).isNull();
  }

  @Test
  void anEventTheMachineRejectsIsDeadLetteredWithItsReasonAndChangesNothing() {
    ImplementationRequested implementation = implementing(plan("S1"));
    pipeline.implement(implementation);
    pipeline.reviewRequests.readValue();
    pipeline.taskEvents.readValuesToList();
    TaskProgressState before = pipeline.store().get(ID);

    pipeline.implement(implementation); // the same commit again: the step is in code review now

    DeadLetter letter = pipeline.deadLetters.readValue();
    assertThat(letter.getReason()).isEqualTo("ChangeProposed(S1, attempt 1) rejected in state CODE_REVIEW"
        + " (task " + ID + "): step S1 is in CODE_REVIEW, not IMPLEMENTING");
    assertThat(letter.getSourceTopic()).isEqualTo(pipeline.applicationId + "-" + TaskCoordinator.STEP_CHANGES
        + "-repartition");
    assertThat(pipeline.taskEvents.isEmpty()).isTrue();
    assertThat(pipeline.reviewRequests.isEmpty()).isTrue();
    assertThat(pipeline.store().get(ID)).isEqualTo(before);
  }

  @Test
  void eventsAboutNoTaskAreDeadLetteredButAQuerysFailureIsNotOurs() {
    PlanRequested request = PlanRequested.newBuilder(pipeline.submitAndReadPlanRequest(TaskDriver.DOCS))
        .setTask(Tasks.spec("T-unknown", Risk.LOW, "docs").build()).build();
    pipeline.plans.pipeInput("T-unknown", record(TaskDriver.plan(request, plan("S1"), request.getModel())));

    assertThat(pipeline.deadLetters.readValue().getReason())
        .isEqualTo("PlanProposed(attempt 1) rejected in state (no task) (task T-unknown): no task T-unknown was submitted");

    pipeline.failures.pipeInput("q-123", record(TaskDriver.failure(
        dev.orkestra.coordinator.query.Events.getFile("q-123", "README.md"), "retriever")));
    assertThat(pipeline.deadLetters.isEmpty()).isTrue();
    assertThat(pipeline.taskEvents.readValuesToList()).extracting(TaskStateChanged::getTaskId).containsOnly(ID);
  }

  @Test
  void aRecordKeyedByAnotherTaskIsDeadLettered() {
    pipeline.control(record(TaskDriver.control("T-2", ControlAction.PAUSE)));
    pipeline.controls.pipeInput(ID, record(TaskDriver.control("T-2", ControlAction.PAUSE)));

    List<DeadLetter> letters = pipeline.deadLetters.readValuesToList();
    assertThat(letters).extracting(DeadLetter::getReason).containsExactly(
        "ControlCommand(PAUSE by bob) rejected in state (no task) (task T-2): no task T-2 was submitted",
        "ControlCommand(PAUSE by bob) rejected: it is keyed " + ID + " but is about task T-2; records about a task"
            + " are keyed by its taskId");
  }

  @Test
  void aTaskOverItsTimeLimitWaitsForAPersonWithoutAnyRecordArriving() {
    TaskSpec quick = Tasks.spec(ID, Risk.LOW, "docs").setBudget(Budget.newBuilder().setMaxDurationMs(60_000L).build())
        .build();
    pipeline.submit(record(TaskDriver.submitted(quick)));
    pipeline.taskEvents.readValuesToList();

    pipeline.advance(Duration.ofSeconds(30));
    assertThat(pipeline.taskEvents.isEmpty()).as("within its limit").isTrue();

    pipeline.advance(Duration.ofSeconds(31));

    TaskStateChanged waiting = pipeline.taskEvents.readValue();
    assertThat(waiting.getFromState()).isEqualTo(PLANNING);
    assertThat(waiting.getToState()).isEqualTo(AWAITING_HUMAN_REVIEW);
    assertThat(waiting.getReason()).startsWith("the task has run 1 min");
    assertThat(waiting.getOptions()).containsExactly(DecisionKind.APPROVE, DecisionKind.REJECT);

    pipeline.advance(Duration.ofHours(1));
    assertThat(pipeline.taskEvents.isEmpty()).as("the clock stands still while it waits").isTrue();
  }

  @Test
  void aStepWhoseStateWouldBeOverTheRecordLimitFailsTheTaskNamingIt() {
    restartWith(config.withMaxRecordBytes(20_000));
    pipeline.submit(record(TaskDriver.submitted(DOCS)));
    PlanRequested request = pipeline.planRequests.readValue();
    pipeline.taskEvents.readValuesToList();
    PlanStep huge = PlanStep.newBuilder(Plans.step("S1")).setDescription("d".repeat(25_000)).build();

    pipeline.propose(request, Plans.plan(1, huge));

    TaskStateChanged failed = pipeline.taskEvents.readValue();
    assertThat(failed.getFromState()).isEqualTo(PLANNING);
    assertThat(failed.getToState()).isEqualTo(FAILED);
    assertThat(failed.getReason()).matches("coordinator could not write TaskProgressState to store task-progress: \\d+"
        + " bytes, above the 20000-byte record limit; the task is stopped");
    assertThat(pipeline.deadLetters.readValue().getReason()).isEqualTo(failed.getReason()
        .replace("; the task is stopped", ""));
    assertThat(pipeline.reviewRequests.isEmpty()).isTrue();
    assertThat(pipeline.progress(ID).state()).isEqualTo(FAILED);
  }

  @Test
  void aRestartedTaskContinuesFromWhatItsChangelogHolds() {
    Plan twoSteps = plan("S1", "S2<S1");
    ImplementationRequested s1 = implementing(twoSteps);
    pipeline.implement(s1);
    ReviewRequested codeReview = pipeline.reviewRequests.readValue();
    Map<String, TaskProgressState> changelog = pipeline.changelog.readKeyValuesToMap();
    assertThat(changelog.get(ID)).isEqualTo(pipeline.store().get(ID));

    // A new instance (the driver wipes its state directory on close): the store restored from the changelog.
    pipeline.close();
    pipeline = new TaskPipelineDriver(config, TaskConfig.of(Models.seedRouter()), stateDir.resolve("restarted"));
    changelog.forEach(pipeline.store()::put);

    pipeline.review(codeReview, Verdict.APPROVED);
    pipeline.gate(pipeline.gateRequests.readValue(), true);
    ImplementationRequested s2 = pipeline.implementationRequests.readValue();
    assertThat(s2.getStep().getId()).isEqualTo("S2");
    assertThat(s2.getRepo().getCommitSha()).as("built on S1's commit").isEqualTo(TaskDriver.commitOf("S1", 1));
    pipeline.implement(s2);
    pipeline.review(pipeline.reviewRequests.readValue(), Verdict.APPROVED);
    pipeline.gate(pipeline.gateRequests.readValue(), true);

    assertThat(pipeline.taskEvents.readValuesToList()).extracting(TaskStateChanged::getToState)
        .containsExactly(QUALITY_GATE, STEP_COMPLETE, IMPLEMENTING, CODE_REVIEW, QUALITY_GATE, STEP_COMPLETE, DONE);
    assertThat(pipeline.deadLetters.isEmpty()).isTrue();
  }

  @Test
  void theProcessorIsSubTopologyZeroWithItsStoresAndTheStepResultsComeThroughTheirRepartitionTopics() {
    TopologyDescription description = new TaskCoordinator(config, TaskConfig.of(Models.seedRouter())).topology()
        .describe();
    TopologyDescription.Subtopology tasks = description.subtopologies().stream().filter(s -> s.id() == 0)
        .findFirst().orElseThrow();
    TopologyDescription.Processor processor = tasks.nodes().stream()
        .filter(node -> node instanceof TopologyDescription.Processor p && node.name().equals("tasks"))
        .map(TopologyDescription.Processor.class::cast).findFirst().orElseThrow();
    assertThat(processor.stores()).containsExactlyInAnyOrder(TaskCoordinator.TASK_PROGRESS_STORE,
        TaskCoordinator.TASK_DEADLINES_STORE);
    String app = pipeline.applicationId;
    assertThat(sourceTopics(tasks)).containsExactlyInAnyOrder(Topics.TASKS.name(), Topics.PLANNER_RESULTS.name(),
        Topics.REVIEWER_RESULTS.name(), Topics.HUMAN_DECISIONS.name(), Topics.CONTROL.name(), Topics.FAILURES.name(),
        TaskCoordinator.STEP_CHANGES + "-repartition", TaskCoordinator.STEP_GATE_RESULTS + "-repartition");
    assertThat(description.subtopologies()).hasSize(3);
    assertThat(description.subtopologies().stream().filter(s -> s.id() != 0).flatMap(s -> sourceTopics(s).stream()))
        .containsExactlyInAnyOrder(Topics.IMPLEMENTER_RESULTS.name(), Topics.QUALITY_GATE_RESULTS.name());
    assertThat(app).endsWith("-tasks");
  }

  // ---------------------------------------------------------------- helpers

  /** {@link TaskDriver#DOCS} submitted with {@code plan} approved; returns its first implementation request. */
  private ImplementationRequested implementing(Plan plan) {
    PlanRequested planning = pipeline.submitAndReadPlanRequest(DOCS);
    pipeline.propose(planning, plan);
    pipeline.review(pipeline.reviewRequests.readValue(), Verdict.APPROVED);
    ImplementationRequested implementation = pipeline.implementationRequests.readValue();
    pipeline.taskEvents.readValuesToList();
    return implementation;
  }

  private TaskStateChanged lastEvent() {
    List<TaskStateChanged> events = pipeline.taskEvents.readValuesToList();
    assertThat(events).isNotEmpty();
    return events.getLast();
  }

  @Test
  void overTheDailyLimitEveryTaskTogetherPausesTheOneThatWentOverUntilTheNextDay() {
    pipeline.close();
    pipeline = new TaskPipelineDriver(config, new TaskConfig(Models.seedRouter(), new BudgetPolicy(null, null, 0.015), 1,
        TaskConfig.DEFAULT_CLOCK_INTERVAL, TaskConfig.DEFAULT_SUBMISSION_MAX_AGE), stateDir.resolve("daily"));
    // Task one: plan ($0.001) and plan review ($0.01), under the limit on its own.
    PlanRequested first = pipeline.submitAndReadPlanRequest(DOCS);
    pipeline.propose(first, plan("S1"));
    pipeline.review(pipeline.reviewRequests.readValue(), Verdict.APPROVED);
    assertThat(pipeline.progress(ID).state()).isEqualTo(IMPLEMENTING);
    // Task two's plan review takes the day to $0.022.
    TaskSpec other = Tasks.spec("RAE-003", Risk.LOW, "docs").build();
    PlanRequested second = pipeline.submitAndReadPlanRequest(other);
    pipeline.propose(second, plan("S1"));
    pipeline.review(pipeline.reviewRequests.readValue(), Verdict.APPROVED);

    assertThat(pipeline.progress("RAE-003").state()).isEqualTo(PAUSED);
    assertThat(pipeline.taskEvents.readValuesToList().getLast().getReason()).isEqualTo(
        "model spend today (UTC, every task) $0.0220 is over the daily limit of $0.0150; paused with its work kept:"
            + " resume it with a larger budget (the daily limit is the coordinator's"
            + " (orkestra.coordinator.task.max.cost.per.day.usd): resume it tomorrow (UTC), or raise the limit and"
            + " restart the coordinator, then `orkestra resume RAE-003`)");
    assertThat(pipeline.spend.readKeyValuesToList()).extracting(entry -> entry.key.split("/")[1], entry -> entry.value
        .getCostUsd()).containsExactly(tuple(ID, 0.001), tuple(ID, 0.01), tuple("RAE-003", 0.001),
            tuple("RAE-003", 0.01));
    assertThat(pipeline.progress(ID).state()).as("the task under way is not stopped").isEqualTo(IMPLEMENTING);

    pipeline.control(record(TaskDriver.control("RAE-003", ControlAction.RESUME)));
    assertThat(pipeline.progress("RAE-003").state()).isEqualTo(PAUSED);
    assertThat(pipeline.deadLetters.readValue().getReason()).contains("still over budget")
        .contains("model spend today (UTC, every task) $0.0220");

    pipeline.advance(Duration.ofDays(1));
    pipeline.control(record(TaskDriver.control("RAE-003", ControlAction.RESUME)));
    assertThat(pipeline.progress("RAE-003").state()).isEqualTo(IMPLEMENTING);
    assertThat(pipeline.progress("RAE-003").usage().costUsd()).isEqualTo(0.011);
  }

  private void restartWith(CoordinatorConfig changed) {
    pipeline.close();
    config = changed;
    pipeline = new TaskPipelineDriver(config, TaskConfig.of(Models.seedRouter()), stateDir.resolve("restarted"));
  }

  private void restartWith(Map<String, String> overrides, String dir) {
    pipeline.close();
    pipeline = new TaskPipelineDriver(config, TaskConfig.of(Models.seedRouter()), stateDir.resolve(dir), overrides);
  }

  private static List<String> sourceTopics(TopologyDescription.Subtopology subtopology) {
    return subtopology.nodes().stream().filter(node -> node instanceof TopologyDescription.Source)
        .flatMap(node -> ((TopologyDescription.Source) node).topicSet().stream()).toList();
  }
}
