package dev.orkestra.coordinator.task;

import static dev.orkestra.coordinator.task.Plans.plan;
import static dev.orkestra.coordinator.task.TaskDriver.DOCS;
import static dev.orkestra.coordinator.task.TaskDriver.ID;
import static dev.orkestra.coordinator.task.TaskDriver.implementing;
import static dev.orkestra.coordinator.task.TaskDriver.change;
import static dev.orkestra.coordinator.task.TaskDriver.control;
import static dev.orkestra.events.task.TaskState.CODE_REVIEW;
import static dev.orkestra.events.task.TaskState.IMPLEMENTING;
import static dev.orkestra.events.task.TaskState.PAUSED;
import static dev.orkestra.events.task.TaskState.PLAN_REVIEW;
import static dev.orkestra.events.task.TaskState.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.orkestra.events.task.ControlAction;
import dev.orkestra.events.task.ReviewRequested;
import dev.orkestra.events.task.TaskStateChanged;
import org.junit.jupiter.api.Test;

/** Pause, resume and stop, and the results that arrive meanwhile. */
class TaskControlTest {

  @Test
  void aResultArrivingWhilePausedIsHeldAndAppliedOnResume() {
    TaskDriver driver = implementing(plan("S1"));
    driver.accept(control(ID, ControlAction.PAUSE));
    TaskEvent result = change(driver.lastImplementation("S1"));

    assertThat(driver.accept(result).commands()).isEmpty();
    assertThat(driver.send(result).rejection()).as("its duplicate")
        .endsWith(": step S1 is in CODE_REVIEW, not IMPLEMENTING");

    TaskTransition resumed = driver.accept(control(ID, ControlAction.RESUME));

    assertThat(resumed.stateChanges()).extracting(TaskStateChanged::getFromState, TaskStateChanged::getToState)
        .containsExactly(tuple(PAUSED, IMPLEMENTING), tuple(IMPLEMENTING, CODE_REVIEW));
    assertThat(resumed.values(ReviewRequested.class)).hasSize(1);
    assertThat(driver.progress.held()).isEmpty();
  }

  @Test
  void pauseAndResumeSayWhoAndWhy() {
    TaskDriver driver = implementing(plan("S1"));

    assertThat(driver.accept(control(ID, ControlAction.PAUSE)).reason()).isEqualTo("paused by bob: lunch");
    assertThat(driver.send(control(ID, ControlAction.PAUSE)).rejection()).endsWith(": the task is already paused");
    assertThat(driver.accept(control(ID, ControlAction.RESUME)).reason()).isEqualTo("resumed by bob");
    assertThat(driver.send(control(ID, ControlAction.RESUME)).rejection()).endsWith(": the task is not paused");
  }

  @Test
  void stopEndsTheTaskFromAnyStateAndDropsWhatWasHeld() {
    TaskDriver driver = implementing(plan("S1"));
    driver.accept(control(ID, ControlAction.PAUSE));
    driver.accept(change(driver.lastImplementation("S1")));

    driver.accept(control(ID, ControlAction.STOP));

    assertThat(driver.state()).isEqualTo(STOPPED);
    assertThat(driver.progress.held()).isEmpty();
    assertThat(driver.changes().getLast().getReason()).isEqualTo("stopped by bob");
    assertThat(driver.send(control(ID, ControlAction.RESUME)).rejected()).isTrue();
  }

  @Test
  void aPausedTasksPlanArrivesHeldAndIsReviewedOnResume() {
    TaskDriver driver = new TaskDriver().submit(DOCS);
    driver.accept(control(ID, ControlAction.PAUSE));
    driver.planned(plan("S1"));

    assertThat(driver.state()).isEqualTo(PAUSED);
    driver.accept(control(ID, ControlAction.RESUME));
    assertThat(driver.state()).isEqualTo(PLAN_REVIEW);
  }
}
