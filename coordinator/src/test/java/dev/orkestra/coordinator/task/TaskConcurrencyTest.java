package dev.orkestra.coordinator.task;

import static dev.orkestra.coordinator.task.Plans.plan;
import static dev.orkestra.coordinator.task.TaskDriver.DOCS;
import static dev.orkestra.coordinator.task.TaskDriver.ID;
import static dev.orkestra.coordinator.task.TaskDriver.change;
import static dev.orkestra.coordinator.task.TaskDriver.decision;
import static dev.orkestra.coordinator.task.TaskDriver.failure;
import static dev.orkestra.events.task.TaskState.AWAITING_HUMAN_REVIEW;
import static dev.orkestra.events.task.TaskState.CODE_REVIEW;
import static dev.orkestra.events.task.TaskState.IMPLEMENTING;
import static dev.orkestra.events.task.TaskState.PLANNED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.task.DecisionKind;
import dev.orkestra.events.task.ImplementationRequested;
import dev.orkestra.events.task.Plan;
import dev.orkestra.events.task.ReviewRequested;
import org.junit.jupiter.api.Test;

/** Steps of one task running side by side under the concurrency limit. */
class TaskConcurrencyTest {

  private TaskDriver twoAtATime(Plan plan) {
    return new TaskDriver(Models.seedRouter(), BudgetPolicy.seedDefaults(), 2).submit(DOCS).approvedPlan(plan);
  }

  @Test
  void independentStepsRunTogetherUpToTheLimitAndADependentWaits() {
    TaskDriver driver = twoAtATime(plan("S1", "S2", "S3<S1,S2"));

    assertThat(driver.progress.runningSteps()).containsExactlyInAnyOrder("S1", "S2");
    driver.stepDone("S2");
    assertThat(driver.progress.runningSteps()).containsExactly("S1");
    assertThat(driver.progress.step("S3").phase()).isEqualTo(PLANNED);
    driver.stepDone("S1");
    assertThat(driver.progress.runningSteps()).containsExactly("S3");
    assertThat(driver.changes().getLast().getReason()).startsWith("step S3 starts (after S1, S2), attempt 1 of 3;");
    assertThat(driver.progress.integrationOrder()).as("plan order, not finishing order").containsExactly("S1", "S2");
  }

  @Test
  void theTasksStateIsItsLeastAdvancedRunningStep() {
    TaskDriver driver = twoAtATime(plan("S1", "S2"));
    driver.implemented("S1");

    assertThat(driver.progress.step("S1").phase()).isEqualTo(CODE_REVIEW);
    assertThat(driver.state()).isEqualTo(IMPLEMENTING);
    driver.implemented("S2");
    assertThat(driver.state()).isEqualTo(CODE_REVIEW);
  }

  @Test
  void whileOneStepWaitsForAPersonTheOthersResultsAreHeld() {
    TaskDriver driver = twoAtATime(plan("S1", "S2"));
    ImplementationRequested s2 = driver.lastImplementation("S2");
    driver.accept(failure(driver.lastImplementation("S1"), "implementer"));
    assertThat(driver.state()).isEqualTo(AWAITING_HUMAN_REVIEW);

    assertThat(driver.accept(change(s2)).commands()).isEmpty();

    TaskTransition skipped = driver.accept(decision(ID, DecisionKind.SKIP_STEP, null, "S1", null));
    assertThat(skipped.values(ReviewRequested.class)).singleElement()
        .satisfies(r -> assertThat(r.getStep().getId()).isEqualTo("S2"));
    assertThat(driver.progress.step("S2").phase()).isEqualTo(CODE_REVIEW);
  }
}
