package dev.orkestra.coordinator.task;

import static dev.orkestra.coordinator.task.Plans.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.coordinator.task.StepScheduler.PlanCheck;
import dev.orkestra.events.task.Plan;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StepSchedulerTest {

  private static StepScheduler valid(Plan plan) {
    PlanCheck check = StepScheduler.check(plan);
    assertThat(check.problems()).isEmpty();
    return check.scheduler();
  }

  @Test
  void independentStepsStartInPlanOrderUpToTheConcurrencyLimit() {
    StepScheduler scheduler = valid(plan("S1", "S2", "S3"));

    assertThat(scheduler.startable(Set.of(), Set.of(), 1)).containsExactly("S1");
    assertThat(scheduler.startable(Set.of(), Set.of(), 2)).containsExactly("S1", "S2");
    assertThat(scheduler.startable(Set.of(), Set.of(), 5)).containsExactly("S1", "S2", "S3");
  }

  @Test
  void runningStepsUseTheLimitAndAreNotStartedAgain() {
    StepScheduler scheduler = valid(plan("S1", "S2", "S3"));

    assertThat(scheduler.startable(Set.of(), Set.of("S1"), 1)).isEmpty();
    assertThat(scheduler.startable(Set.of(), Set.of("S1"), 2)).containsExactly("S2");
    assertThat(scheduler.startable(Set.of("S1"), Set.of("S2"), 3)).containsExactly("S3");
  }

  @Test
  void aStepWaitsForEveryDependency() {
    StepScheduler scheduler = valid(plan("S1", "S2", "S3<S1,S2", "S4<S3"));

    assertThat(scheduler.startable(Set.of("S1"), Set.of("S2"), 4)).isEmpty();
    assertThat(scheduler.waitingFor("S3", Set.of("S1"))).containsExactly("S2");
    assertThat(scheduler.startable(Set.of("S1", "S2"), Set.of(), 4)).containsExactly("S3");
    assertThat(scheduler.startable(Set.of("S1", "S2", "S3"), Set.of(), 4)).containsExactly("S4");
    assertThat(scheduler.allDone(Set.of("S1", "S2", "S3"))).isFalse();
    assertThat(scheduler.allDone(Set.of("S1", "S2", "S3", "S4"))).isTrue();
  }

  @Test
  void aDependencyOnALaterStepIsAllowedAndRespected() {
    StepScheduler scheduler = valid(plan("S1<S2", "S2"));

    assertThat(scheduler.startable(Set.of(), Set.of(), 2)).containsExactly("S2");
    assertThat(scheduler.topologicalOrder()).containsExactly("S2", "S1");
  }

  @Test
  void integrationOrderIsDependenciesFirstThenPlanOrderWhateverOrderTheyFinishedIn() {
    StepScheduler scheduler = valid(plan("S1", "S2<S4", "S3", "S4"));

    assertThat(scheduler.integrationOrder(List.of("S3", "S1"))).containsExactly("S1", "S3");
    assertThat(scheduler.integrationOrder(List.of("S4", "S3", "S2", "S1"))).containsExactly("S1", "S3", "S4", "S2");
    assertThat(scheduler.integrationOrder(Set.of("S2", "S4"))).containsExactly("S4", "S2");
  }

  @Test
  void anUnknownDependencyIsNamed() {
    PlanCheck check = StepScheduler.check(plan("S1", "S2<S1,S9"));

    assertThat(check.valid()).isFalse();
    assertThat(check.scheduler()).isNull();
    assertThat(check.problems()).containsExactly("step S2 depends on S9, which is not a step of plan v1");
  }

  @Test
  void aCycleIsNamedStepByStep() {
    PlanCheck check = StepScheduler.check(plan("S1", "S2<S4", "S3<S2", "S4<S3"));

    assertThat(check.valid()).isFalse();
    assertThat(check.summary()).isEqualTo("steps S2 -> S4 -> S3 -> S2 depend on each other in a cycle");
  }

  @Test
  void aStepDependingOnItselfIsACycle() {
    assertThat(StepScheduler.check(plan("S1", "S2<S2")).problems())
        .containsExactly("step S2 depends on itself");
  }

  @Test
  void aLongChainIsCheckedWithoutRecursion() {
    String[] specs = new String[5000];
    specs[0] = "S0";
    for (int i = 1; i < specs.length; i++) {
      specs[i] = "S" + i + "<S" + (i - 1);
    }
    StepScheduler scheduler = valid(plan(specs));
    assertThat(scheduler.topologicalOrder()).hasSize(5000).startsWith("S0", "S1").endsWith("S4999");

    specs[0] = "S0<S4999";
    assertThat(StepScheduler.check(plan(specs)).summary()).contains("cycle").startsWith("steps S0 -> S4999 -> S4998");
  }

  @Test
  void duplicateAndMissingIdsAndEmptyPlansAreRefused() {
    assertThat(StepScheduler.check(plan("S1", "S2", "S1")).problems())
        .containsExactly("step id S1 is used twice (steps 1 and 3)");
    assertThat(StepScheduler.check(plan(1, Plans.step(" "))).problems())
        .containsExactly("step 1 of plan v1 has no id");
    assertThat(StepScheduler.check(plan(4)).problems()).containsExactly("plan v4 has no steps");
    assertThat(StepScheduler.check(null).problems()).containsExactly("there is no plan");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    PlanCheck check = StepScheduler.check(plan("S1<S7", "S1", "S3<S8"));

    assertThat(check.problems()).containsExactly(
        "step id S1 is used twice (steps 1 and 2)",
        "step S1 depends on S7, which is not a step of plan v1",
        "step S3 depends on S8, which is not a step of plan v1");
  }

  @Test
  void aRepeatedDependencyCountsOnce() {
    StepScheduler scheduler = valid(plan("S1", "S2<S1,S1"));

    assertThat(scheduler.dependenciesOf("S2")).containsExactly("S1");
    assertThat(scheduler.startable(Set.of("S1"), Set.of(), 1)).containsExactly("S2");
  }

  @Test
  void zeroConcurrencyStartsNothing() {
    assertThat(valid(plan("S1")).startable(Set.of(), Set.of(), 0)).isEmpty();
  }
}
