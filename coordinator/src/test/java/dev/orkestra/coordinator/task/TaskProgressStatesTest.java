package dev.orkestra.coordinator.task;

import static dev.orkestra.coordinator.task.Plans.plan;
import static dev.orkestra.coordinator.task.TaskDriver.DOCS;
import static dev.orkestra.coordinator.task.TaskDriver.ID;
import static dev.orkestra.coordinator.task.TaskDriver.change;
import static dev.orkestra.coordinator.task.TaskDriver.control;
import static dev.orkestra.coordinator.task.TaskDriver.decision;
import static dev.orkestra.coordinator.task.TaskDriver.gate;
import static dev.orkestra.coordinator.task.TaskDriver.implementing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.coordinator.streams.StateSerdes;
import dev.orkestra.coordinator.task.state.TaskProgressState;
import dev.orkestra.events.task.ControlAction;
import dev.orkestra.events.task.DecisionKind;
import dev.orkestra.events.task.TaskState;
import dev.orkestra.events.task.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A task's progress survives its store: every progress a real run of the state machine passes
 * through — planning, review rounds, retries with feedback, escalations and decisions, held results,
 * steps side by side, the time limit — reads back with every field as it was, and the machine then
 * does exactly what it would have done with the original.
 */
class TaskProgressStatesTest {

  static Stream<Named<Supplier<TaskDriver>>> runs() {
    return Stream.of(
        Named.of("two steps to DONE", () -> new TaskDriver().submit(DOCS).approvedPlan(plan("S1", "S2<S1"))
            .stepDone("S1").stepDone("S2")),
        Named.of("retries with the reviewer's and the gate's feedback", () -> {
          TaskDriver driver = implementing(plan("S1"));
          driver.implemented("S1").codeReviewed(Verdict.NEEDS_CHANGES, "add tests");
          driver.implemented("S1").codeReviewed(Verdict.APPROVED).gated(false);
          return driver.implemented("S1").codeReviewed(Verdict.APPROVED).gated(true);
        }),
        Named.of("a rejected plan, a person's retry, a breaking change approved", () -> {
          TaskDriver driver = new TaskDriver().submit(DOCS).planned(plan("S1")).planReviewed(Verdict.REJECTED, "no");
          driver.accept(decision(ID, DecisionKind.RETRY, "focus on the docs"));
          driver.planned(plan("S1")).planReviewed(Verdict.APPROVED).implemented("S1").codeReviewed(Verdict.APPROVED);
          driver.accept(TaskDriver.breakingGate(driver.lastGate("S1")));
          driver.accept(decision(ID, DecisionKind.APPROVE, "the API change is intended"));
          return driver;
        }),
        Named.of("results held while paused", () -> {
          TaskDriver driver = implementing(plan("S1"));
          driver.accept(control(ID, ControlAction.PAUSE));
          driver.accept(change(driver.lastImplementation("S1")));
          driver.accept(control(ID, ControlAction.RESUME));
          return driver;
        }),
        Named.of("a plan edited by a person", () -> {
          TaskDriver driver = implementing(plan("S1", "S2<S1")).stepDone("S1");
          for (int i = 0; i < 3; i++) {
            driver.implemented("S2").codeReviewed(Verdict.APPROVED).accept(gate(driver.lastGate("S2"), false));
          }
          driver.accept(decision(ID, DecisionKind.EDIT, "split it", "S2", plan("S1", "S2<S1", "S3<S2")));
          return driver.stepDone("S2");
        }),
        Named.of("steps side by side, one held while paused", () -> {
          TaskDriver driver = new TaskDriver(Models.seedRouter(), BudgetPolicy.seedDefaults(), 2).submit(DOCS)
              .approvedPlan(plan("S1", "S2", "S3<S1,S2"));
          driver.implemented("S1");
          driver.accept(control(ID, ControlAction.PAUSE));
          driver.implemented("S2");
          driver.accept(control(ID, ControlAction.RESUME));
          return driver;
        }),
        Named.of("over the time limit, results held, a person lets it go on", () -> {
          TaskDriver driver = implementing(plan("S1"));
          driver.advance(Duration.ofHours(7));
          driver.accept(new TaskEvent.Tick());
          driver.accept(change(driver.lastImplementation("S1")));
          driver.advance(Duration.ofHours(1));
          driver.accept(decision(ID, DecisionKind.APPROVE, "almost there"));
          return driver;
        }));
  }

  @ParameterizedTest
  @MethodSource("runs")
  void everyProgressOfARunReadsBackAsItWas(Supplier<TaskDriver> run) {
    TaskDriver driver = run.get();
    List<TaskProgress> seen = driver.log.stream().map(TaskTransition::progress).toList();

    assertThat(seen).hasSizeGreaterThan(5);
    for (TaskProgress progress : seen) {
      assertThat(snapshot(stored(progress))).isEqualTo(snapshot(progress));
    }
  }

  @ParameterizedTest
  @MethodSource("runs")
  void theMachineDoesWithARestoredProgressWhatItDoesWithTheOriginal(Supplier<TaskDriver> run) {
    TaskDriver driver = run.get();

    for (TaskDriver.Input input : driver.inputs) {
      TaskTransition original = machine(driver).on(input.before(), input.event(), input.now());
      TaskProgress restored = input.before() == null ? null : stored(input.before());
      TaskTransition fromStore = machine(driver).on(restored, input.event(), input.now());

      assertThat(fromStore.rejection()).as(input.event().describe()).isEqualTo(original.rejection());
      assertThat(fromStore.commands()).as(input.event().describe()).isEqualTo(original.commands());
      assertThat(snapshot(fromStore.progress())).as(input.event().describe()).isEqualTo(snapshot(original.progress()));
    }
  }

  @ParameterizedTest
  @MethodSource("runs")
  void theRunsReachTheStatesTheyAreAbout(Supplier<TaskDriver> run) {
    // The round trips above are only as good as the runs: each must end where its name says.
    TaskDriver driver = run.get();

    assertThat(driver.log).noneMatch(TaskTransition::rejected);
    assertThat(driver.state()).isIn(TaskState.DONE, TaskState.IMPLEMENTING, TaskState.CODE_REVIEW);
  }

  /** Through the store's own serde, as the changelog holds it. */
  private static TaskProgress stored(TaskProgress progress) {
    var serde = StateSerdes.of(TaskProgressState.class);
    byte[] bytes = serde.serializer().serialize("task-progress-changelog", TaskProgressStates.toState(progress));
    return TaskProgressStates.fromState(serde.deserializer().deserialize("task-progress-changelog", bytes));
  }

  /** A machine like the driver's whose event ids start again at 1, so two of them write the same records. */
  private static TaskStateMachine machine(TaskDriver driver) {
    AtomicInteger ids = new AtomicInteger();
    return new TaskStateMachine(driver.router, driver.budgets, driver.concurrency, "coordinator@test",
        () -> "ev-" + ids.incrementAndGet());
  }

  /** Every field of a progress, read through its accessors (not through the mapping under test). */
  static List<Object> snapshot(TaskProgress task) {
    if (task == null) {
      return null;
    }
    List<Object> fields = new ArrayList<>(List.of(task.spec(), task.submission(), String.valueOf(task.requester()),
        task.state(), String.valueOf(task.pausedFrom()), task.lastCause(), String.valueOf(task.plan()),
        task.scheduler() != null, task.planVersion(), task.planAttempt(), task.planRoundStart(),
        String.valueOf(task.planAwaiting()), String.valueOf(task.planner()), String.valueOf(task.planReviewer()),
        task.planFeedback(), String.valueOf(task.headSha()), task.usage(), task.startedAt(), task.deadline(),
        task.heldSince(), String.valueOf(task.escalation()), task.branch(), task.integrationOrder()));
    if (task.scheduler() != null) {
      fields.add(task.scheduler().steps());
    }
    task.held().forEach(event -> fields.add(event.record()));
    for (StepProgress step : task.steps()) {
      fields.addAll(List.of(step.step(), step.phase(), step.skipped(), step.attempt(), step.roundStart(),
          step.codeRejections(), step.gateFailures(), String.valueOf(step.awaiting()),
          String.valueOf(step.implementer()), String.valueOf(step.reviewer()), String.valueOf(step.change()),
          String.valueOf(step.explanation()), step.feedback()));
    }
    return fields;
  }
}
