package dev.orkestra.coordinator.task;

import static dev.orkestra.coordinator.task.Plans.plan;
import static dev.orkestra.coordinator.task.TaskDriver.change;
import static dev.orkestra.coordinator.task.TaskDriver.codeReview;
import static dev.orkestra.coordinator.task.TaskDriver.control;
import static dev.orkestra.coordinator.task.TaskDriver.decision;
import static dev.orkestra.coordinator.task.TaskDriver.failure;
import static dev.orkestra.coordinator.task.TaskDriver.gate;
import static dev.orkestra.coordinator.task.TaskDriver.planReview;
import static dev.orkestra.coordinator.task.TaskDriver.submitted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.task.CodeChange;
import dev.orkestra.events.task.ControlAction;
import dev.orkestra.events.task.DecisionKind;
import dev.orkestra.events.task.DiffStat;
import dev.orkestra.events.task.GateRequested;
import dev.orkestra.events.task.ImplementationRequested;
import dev.orkestra.events.task.PlanRequested;
import dev.orkestra.events.task.QualityPolicy;
import dev.orkestra.events.task.ReviewRequested;
import dev.orkestra.events.task.ReviewSubject;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.TaskSpec;
import dev.orkestra.events.task.TaskState;
import dev.orkestra.events.task.TaskStateChanged;
import dev.orkestra.events.task.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every (state, event) pair of the task state machine. Each state is reached by driving a real
 * task there (the transient states, which the machine never rests in, and UNKNOWN are set by
 * hand); each event is the one the task's latest request would get, so a rejection is about the
 * state, not about a stale answer. Expected: the state the task is in afterwards, "=" for taken
 * without any change (the clock while it stands still), "-" for rejected.
 */
class TaskStateMachineTableTest {

  enum Kind {
    SUBMITTED, PLAN_PROPOSED, PLAN_APPROVED, PLAN_NEEDS_CHANGES, PLAN_REJECTED,
    CHANGE_PROPOSED, CODE_APPROVED, CODE_NEEDS_CHANGES, CODE_REJECTED,
    GATE_PASSED, GATE_FAILED, GATE_BREAKING,
    APPROVE, RETRY, SKIP_STEP, EDIT, REJECT, DECISION_UNKNOWN,
    PAUSE, RESUME, STOP, CONTROL_UNKNOWN,
    ROLE_FAILED, TICK, TICK_OVER_TIME
  }

  private static final String NO_TASK = "(no task)";
  private static final TaskSpec SPEC = Tasks.spec("T-1", Risk.LOW, "docs").build();

  /** Expected outcome for every row; events not named are rejected. */
  private static final Map<String, Map<Kind, String>> TABLE = new LinkedHashMap<>();

  static {
    row(NO_TASK, Kind.SUBMITTED, "PLANNING");
    row("NEW", Kind.TICK, "=", Kind.TICK_OVER_TIME, "=");
    row("PLANNING", Kind.PLAN_PROPOSED, "PLAN_REVIEW", Kind.PAUSE, "PAUSED", Kind.STOP, "STOPPED",
        Kind.ROLE_FAILED, "AWAITING_HUMAN_REVIEW", Kind.TICK, "=", Kind.TICK_OVER_TIME, "AWAITING_HUMAN_REVIEW");
    row("PLAN_REVIEW", Kind.PLAN_APPROVED, "IMPLEMENTING", Kind.PLAN_NEEDS_CHANGES, "PLANNING",
        Kind.PLAN_REJECTED, "AWAITING_HUMAN_REVIEW", Kind.PAUSE, "PAUSED", Kind.STOP, "STOPPED",
        Kind.ROLE_FAILED, "AWAITING_HUMAN_REVIEW", Kind.TICK, "=", Kind.TICK_OVER_TIME, "AWAITING_HUMAN_REVIEW");
    row("PLANNED", Kind.TICK, "=", Kind.TICK_OVER_TIME, "=");
    row("IMPLEMENTING", Kind.CHANGE_PROPOSED, "CODE_REVIEW", Kind.PAUSE, "PAUSED", Kind.STOP, "STOPPED",
        Kind.ROLE_FAILED, "AWAITING_HUMAN_REVIEW", Kind.TICK, "=", Kind.TICK_OVER_TIME, "AWAITING_HUMAN_REVIEW");
    row("CODE_REVIEW", Kind.CODE_APPROVED, "QUALITY_GATE", Kind.CODE_NEEDS_CHANGES, "IMPLEMENTING",
        Kind.CODE_REJECTED, "IMPLEMENTING", Kind.PAUSE, "PAUSED", Kind.STOP, "STOPPED",
        Kind.ROLE_FAILED, "AWAITING_HUMAN_REVIEW", Kind.TICK, "=", Kind.TICK_OVER_TIME, "AWAITING_HUMAN_REVIEW");
    row("QUALITY_GATE", Kind.GATE_PASSED, "DONE", Kind.GATE_FAILED, "IMPLEMENTING",
        Kind.GATE_BREAKING, "AWAITING_HUMAN_REVIEW", Kind.PAUSE, "PAUSED", Kind.STOP, "STOPPED",
        Kind.ROLE_FAILED, "AWAITING_HUMAN_REVIEW", Kind.TICK, "=", Kind.TICK_OVER_TIME, "AWAITING_HUMAN_REVIEW");
    row("STEP_COMPLETE", Kind.TICK, "=", Kind.TICK_OVER_TIME, "=");
    row("DONE", Kind.TICK, "=", Kind.TICK_OVER_TIME, "=");
    // Waiting after step S1's code was rejected three times: every decision is an option.
    row("AWAITING_HUMAN_REVIEW", Kind.APPROVE, "QUALITY_GATE", Kind.RETRY, "IMPLEMENTING", Kind.SKIP_STEP, "DONE",
        Kind.EDIT, "IMPLEMENTING", Kind.REJECT, "FAILED", Kind.STOP, "STOPPED", Kind.TICK, "=",
        Kind.TICK_OVER_TIME, "=");
    row("FAILED", Kind.TICK, "=", Kind.TICK_OVER_TIME, "=");
    // Paused while S1 was implementing: its answer (or its failure) is held, not applied.
    row("PAUSED", Kind.CHANGE_PROPOSED, "PAUSED", Kind.ROLE_FAILED, "PAUSED", Kind.RESUME, "IMPLEMENTING",
        Kind.STOP, "STOPPED", Kind.TICK, "=", Kind.TICK_OVER_TIME, "=");
    row("STOPPED", Kind.TICK, "=", Kind.TICK_OVER_TIME, "=");
    row("UNKNOWN", Kind.TICK, "=", Kind.TICK_OVER_TIME, "=");
  }

  private static void row(String state, Object... pairs) {
    Map<Kind, String> expected = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      expected.put(kind, "-");
    }
    for (int i = 0; i < pairs.length; i += 2) {
      expected.put((Kind) pairs[i], (String) pairs[i + 1]);
    }
    TABLE.put(state, expected);
  }

  static Stream<Arguments> pairs() {
    List<Arguments> all = new ArrayList<>();
    TABLE.forEach((state, row) -> row.forEach((kind, expected) -> all.add(Arguments.of(state, kind, expected))));
    return all.stream();
  }

  @Test
  void theTableCoversEveryStateOfTheContract() {
    List<String> rows = new ArrayList<>(TABLE.keySet());
    rows.remove(NO_TASK);
    assertThat(rows).containsExactlyInAnyOrder(Stream.of(TaskState.values()).map(Enum::name).toArray(String[]::new));
    assertThat(pairs()).hasSize((TaskState.values().length + 1) * Kind.values().length);
  }

  @ParameterizedTest(name = "{0} + {1} -> {2}")
  @MethodSource("pairs")
  void everyStateAndEvent(String state, Kind kind, String expected) {
    TaskDriver driver = at(state);
    TaskProgress before = driver.progress;
    TaskState stateBefore = before == null ? null : before.state();
    int heldBefore = before == null ? 0 : before.held().size();
    TaskEvent event = sample(kind, driver);
    if (kind == Kind.TICK_OVER_TIME) {
      driver.advance(Duration.ofHours(7));
    }

    TaskTransition transition = driver.machine.on(before, event, driver.now);

    if (before != null) {
      assertThat(before.state()).as("the given progress is never changed").isEqualTo(stateBefore);
      assertThat(before.held()).hasSize(heldBefore);
    }
    switch (expected) {
      case "-" -> {
        assertThat(transition.rejected()).as("rejected").isTrue();
        assertThat(transition.rejection())
            .contains(event.describe() + " rejected in state " + (before == null ? NO_TASK : stateBefore));
        assertThat(transition.commands()).isEmpty();
        assertThat(transition.progress()).isSameAs(before);
      }
      case "=" -> {
        assertThat(transition.rejection()).isNull();
        assertThat(transition.commands()).isEmpty();
        assertThat(transition.progress().state()).isEqualTo(stateBefore);
      }
      default -> {
        assertThat(transition.rejection()).as("rejection").isNull();
        TaskState after = TaskState.valueOf(expected);
        assertThat(transition.progress().state()).isEqualTo(after);
        List<TaskStateChanged> changes = transition.stateChanges();
        if (after == stateBefore) {
          // Held for later: nothing is written now.
          assertThat(transition.commands()).isEmpty();
          assertThat(transition.progress().held()).hasSize(heldBefore + 1);
        } else {
          assertThat(changes).isNotEmpty();
          assertThat(changes.getFirst().getFromState()).isEqualTo(before == null ? null : stateBefore);
          assertThat(changes.getLast().getToState()).isEqualTo(after);
          assertThat(changes).allSatisfy(change -> {
            assertThat(change.getReason()).isNotBlank();
            assertThat(change.getTaskId()).isEqualTo("T-1");
          });
        }
      }
    }
  }

  // ---------------------------------------------------------------- reaching each state

  private static TaskDriver at(String state) {
    TaskDriver driver = new TaskDriver();
    if (state.equals(NO_TASK)) {
      return driver;
    }
    switch (TaskState.valueOf(state)) {
      case PLANNING -> driver.submit(SPEC);
      case PLAN_REVIEW -> driver.submit(SPEC).planned(plan("S1"));
      case IMPLEMENTING -> implementing(driver);
      case CODE_REVIEW -> implementing(driver).implemented("S1");
      case QUALITY_GATE -> implementing(driver).implemented("S1").codeReviewed(Verdict.APPROVED);
      case DONE -> implementing(driver).stepDone("S1");
      case AWAITING_HUMAN_REVIEW -> rejectedThreeTimes(driver);
      case FAILED -> rejectedThreeTimes(driver).accept(decision("T-1", DecisionKind.REJECT, "not worth it"));
      case PAUSED -> implementing(driver).accept(control("T-1", ControlAction.PAUSE));
      case STOPPED -> implementing(driver).accept(control("T-1", ControlAction.STOP));
      case NEW, PLANNED, STEP_COMPLETE, UNKNOWN -> {
        driver.submit(SPEC);
        TaskProgress forced = driver.progress.copy();
        forced.state(TaskState.valueOf(state));
        driver.progress = forced;
      }
    }
    assertThat(driver.progress.state().name()).isEqualTo(state);
    return driver;
  }

  private static TaskDriver implementing(TaskDriver driver) {
    return driver.submit(SPEC).approvedPlan(plan("S1"));
  }

  private static TaskDriver rejectedThreeTimes(TaskDriver driver) {
    implementing(driver);
    for (int i = 0; i < 3; i++) {
      driver.implemented("S1").codeReviewed(Verdict.REJECTED, "unclear");
    }
    return driver;
  }

  // ---------------------------------------------------------------- the event of each kind

  private static TaskEvent sample(Kind kind, TaskDriver driver) {
    return switch (kind) {
      case SUBMITTED -> submitted(SPEC);
      case PLAN_PROPOSED -> TaskDriver.plan(latest(driver, PlanRequested.class, TaskStateMachineTableTest::fakePlan),
          plan("S1"), Models.GEMINI_FLASH);
      case PLAN_APPROVED -> planReview(planReviewRequest(driver), Verdict.APPROVED);
      case PLAN_NEEDS_CHANGES -> planReview(planReviewRequest(driver), Verdict.NEEDS_CHANGES, "add a test step");
      case PLAN_REJECTED -> planReview(planReviewRequest(driver), Verdict.REJECTED, "wrong goal");
      case CHANGE_PROPOSED -> change(latest(driver, ImplementationRequested.class, TaskStateMachineTableTest::fakeImpl));
      case CODE_APPROVED -> codeReview(codeReviewRequest(driver), Verdict.APPROVED);
      case CODE_NEEDS_CHANGES -> codeReview(codeReviewRequest(driver), Verdict.NEEDS_CHANGES, "add docstrings");
      case CODE_REJECTED -> codeReview(codeReviewRequest(driver), Verdict.REJECTED, "unclear");
      case GATE_PASSED -> gate(latest(driver, GateRequested.class, TaskStateMachineTableTest::fakeGate), true);
      case GATE_FAILED -> gate(latest(driver, GateRequested.class, TaskStateMachineTableTest::fakeGate), false);
      case GATE_BREAKING -> TaskDriver.breakingGate(latest(driver, GateRequested.class,
          TaskStateMachineTableTest::fakeGate));
      case APPROVE -> decision("T-1", DecisionKind.APPROVE, "looks fine to me");
      case RETRY -> decision("T-1", DecisionKind.RETRY, "use the existing cache");
      case SKIP_STEP -> decision("T-1", DecisionKind.SKIP_STEP, "not needed");
      case EDIT -> decision("T-1", DecisionKind.EDIT, "simpler", null, plan("S1"));
      case REJECT -> decision("T-1", DecisionKind.REJECT, "not worth it");
      case DECISION_UNKNOWN -> decision("T-1", DecisionKind.UNKNOWN, null);
      case PAUSE -> control("T-1", ControlAction.PAUSE);
      case RESUME -> control("T-1", ControlAction.RESUME);
      case STOP -> control("T-1", ControlAction.STOP);
      case CONTROL_UNKNOWN -> control("T-1", ControlAction.UNKNOWN);
      case ROLE_FAILED -> failure(latestRequest(driver), "some-role");
      case TICK, TICK_OVER_TIME -> new TaskEvent.Tick();
    };
  }

  private static <T> T latest(TaskDriver driver, Class<T> type, java.util.function.Supplier<T> otherwise) {
    try {
      return driver.last(type);
    } catch (AssertionError none) {
      return otherwise.get();
    }
  }

  private static ReviewRequested planReviewRequest(TaskDriver driver) {
    try {
      return driver.lastReview(ReviewSubject.PLAN);
    } catch (AssertionError none) {
      return fakeReview(ReviewSubject.PLAN);
    }
  }

  private static ReviewRequested codeReviewRequest(TaskDriver driver) {
    try {
      return driver.lastReview(ReviewSubject.CODE);
    } catch (AssertionError none) {
      return fakeReview(ReviewSubject.CODE);
    }
  }

  /** The request written last, whatever its kind: a role's failure is about it. */
  private static SpecificRecord latestRequest(TaskDriver driver) {
    for (int i = driver.log.size() - 1; i >= 0; i--) {
      List<SpecificRecord> sent = driver.log.get(i).commands().stream().map(TaskCommand::value)
          .filter(v -> !(v instanceof TaskStateChanged)).toList();
      if (!sent.isEmpty()) {
        return sent.getLast();
      }
    }
    return fakeImpl();
  }

  // Requests never sent, for rows that have none: their answers must be rejected for the state.

  private static final ModelRef MODEL = Models.GEMINI_PRO;

  private static PlanRequested fakePlan() {
    return PlanRequested.newBuilder().setEnvelope(TaskDriver.envelope("T-1", null, "nobody")).setTask(SPEC)
        .setModel(MODEL).build();
  }

  private static ReviewRequested fakeReview(ReviewSubject subject) {
    return ReviewRequested.newBuilder().setEnvelope(TaskDriver.envelope("T-1", null, "nobody")).setTaskId("T-1")
        .setSubject(subject).setTask(SPEC).setReviewer(Models.CLAUDE_SONNET).setAuthor(MODEL)
        .setPlan(plan("S1")).setStep(subject == ReviewSubject.CODE ? Plans.step("S1") : null)
        .setChange(subject == ReviewSubject.CODE ? fakeChange() : null).build();
  }

  private static ImplementationRequested fakeImpl() {
    return ImplementationRequested.newBuilder().setEnvelope(TaskDriver.envelope("T-1", null, "nobody")).setTask(SPEC)
        .setPlanVersion(1).setStep(Plans.step("S1")).setRepo(repo(Tasks.BASE_SHA)).setBranch("orkestra/T-1")
        .setModel(MODEL).build();
  }

  private static GateRequested fakeGate() {
    return GateRequested.newBuilder().setEnvelope(TaskDriver.envelope("T-1", null, "nobody")).setTaskId("T-1")
        .setStepId("S1").setRepo(repo(TaskDriver.commitOf("S1", 1))).setPolicy(QualityPolicy.newBuilder().build())
        .build();
  }

  private static CodeChange fakeChange() {
    return CodeChange.newBuilder().setBranch("orkestra/T-1").setBaseSha(Tasks.BASE_SHA)
        .setCommitSha(TaskDriver.commitOf("S1", 1)).setDiffStat(DiffStat.newBuilder().build()).build();
  }

  private static RepoRef repo(String sha) {
    return RepoRef.newBuilder().setRepo("acme/widgets").setRef("orkestra/T-1").setCommitSha(sha).build();
  }
}
