package dev.orkestra.coordinator.task;

import static dev.orkestra.coordinator.task.Plans.plan;
import static dev.orkestra.coordinator.task.TaskDriver.implementing;
import static dev.orkestra.coordinator.task.TaskDriver.change;
import static dev.orkestra.coordinator.task.TaskDriver.gate;
import static dev.orkestra.events.task.TaskState.AWAITING_HUMAN_REVIEW;
import static dev.orkestra.events.task.TaskState.CODE_REVIEW;
import static dev.orkestra.events.task.TaskState.DONE;
import static dev.orkestra.events.task.TaskState.IMPLEMENTING;
import static dev.orkestra.events.task.TaskState.QUALITY_GATE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.task.ChangeProposed;
import dev.orkestra.events.task.ImplementationRequested;
import dev.orkestra.events.task.ReviewSubject;
import dev.orkestra.events.task.Verdict;
import org.junit.jupiter.api.Test;

/** Retries within a step's attempts, with the reviewer's or the gate's feedback; stale and duplicate results. */
class TaskRetryTest {

  @Test
  void theReviewersRequiredChangesReachTheNextImplementCommand() {
    TaskDriver driver = implementing(plan("S1")).implemented("S1")
        .codeReviewed(Verdict.NEEDS_CHANGES, "Add docstring to HybridSearchEngine", "Add type hints");

    ImplementationRequested retry = driver.lastImplementation("S1");
    assertThat(retry.getAttempt()).isEqualTo(2);
    assertThat(retry.getFeedback()).containsExactly("required: Add docstring to HybridSearchEngine",
        "required: Add type hints");
    assertThat(driver.state()).isEqualTo(IMPLEMENTING);
    assertThat(driver.changes().getLast().getReason()).startsWith("code review by claude-sonnet asked for changes"
        + " (attempt 1 of 3): required: Add docstring to HybridSearchEngine; required: Add type hints;"
        + " retry attempt 2 of 3 with the reviewer's feedback;");
  }

  @Test
  void theGatesFindingsReachTheNextImplementCommand() {
    TaskDriver driver = implementing(plan("S1")).implemented("S1").codeReviewed(Verdict.APPROVED).gated(false);

    ImplementationRequested retry = driver.lastImplementation("S1");
    assertThat(retry.getAttempt()).isEqualTo(2);
    assertThat(retry.getFeedback()).containsExactly("gate: tests failed (exit 1):\nFAILED test_hybrid_search");
    assertThat(driver.changes().getLast().getFromState()).isEqualTo(QUALITY_GATE);
    assertThat(driver.changes().getLast().getReason()).startsWith("quality gate failed (attempt 1 of 3):"
        + " failed checks: tests; retry attempt 2 of 3 with the gate's findings;");

    // The second attempt's code review is told what the attempt had to fix.
    driver.implemented("S1");
    assertThat(driver.lastReview(ReviewSubject.CODE).getAttempt()).isEqualTo(2);
    assertThat(driver.lastReview(ReviewSubject.CODE).getFeedback())
        .containsExactly("gate: tests failed (exit 1):\nFAILED test_hybrid_search");
  }

  @Test
  void twoGateFailuresAreRetriedAndTheThirdAttemptMayStillPass() {
    TaskDriver driver = implementing(plan("S1"));
    for (int i = 0; i < 2; i++) {
      driver.implemented("S1").codeReviewed(Verdict.APPROVED).gated(false);
    }
    driver.stepDone("S1");

    assertThat(driver.state()).isEqualTo(DONE);
    assertThat(driver.changes()).noneMatch(c -> c.getToState() == AWAITING_HUMAN_REVIEW);
  }

  @Test
  void aResultForAnEarlierAttemptIsRejectedAsStale() {
    TaskDriver driver = implementing(plan("S1")).implemented("S1").codeReviewed(Verdict.NEEDS_CHANGES, "x");
    ImplementationRequested first = driver.log.stream().flatMap(t -> t.values(ImplementationRequested.class).stream())
        .findFirst().orElseThrow();

    TaskTransition late = driver.send(change(first));

    assertThat(late.rejection()).isEqualTo("ChangeProposed(S1, attempt 1) rejected in state IMPLEMENTING"
        + " (task RAE-002): it answers attempt 1, step S1 is at attempt 2");
  }

  @Test
  void aDuplicateResultIsRejected() {
    TaskDriver driver = implementing(plan("S1"));
    TaskEvent once = change(driver.lastImplementation("S1"));
    driver.accept(once);

    assertThat(driver.send(once).rejection()).endsWith(": step S1 is in CODE_REVIEW, not IMPLEMENTING");
  }

  @Test
  void aResultThatAnswersAnotherRequestIsRejected() {
    TaskDriver driver = implementing(plan("S1"));
    ImplementationRequested request = driver.lastImplementation("S1");
    ChangeProposed answer = ((TaskEvent.Changed) change(request)).event();
    ChangeProposed proposed = ChangeProposed.newBuilder(answer).setEnvelope(
        dev.orkestra.events.common.Envelope.newBuilder(answer.getEnvelope()).setCausationId("someone-elses-request")
            .build()).build();

    assertThat(driver.send(new TaskEvent.Changed(proposed)).rejection())
        .endsWith(": it answers another request than the one step S1 waits for");
  }

  @Test
  void aReviewOfAnotherCommitIsRejected() {
    TaskDriver driver = implementing(plan("S1")).implemented("S1");
    var review = TaskDriver.review(driver.lastReview(ReviewSubject.CODE), Verdict.APPROVED)
        .setCommitSha("f".repeat(40)).build();

    assertThat(driver.send(new TaskEvent.Reviewed(review)).rejection())
        .endsWith(": it is about commit " + "f".repeat(40) + ", step S1 is at " + TaskDriver.commitOf("S1", 1));
  }

  @Test
  void aResultForAnUnknownStepIsRejected() {
    TaskDriver driver = implementing(plan("S1"));
    ImplementationRequested request = driver.lastImplementation("S1");
    ChangeProposed proposed = ChangeProposed.newBuilder(((TaskEvent.Changed) change(request)).event())
        .setStepId("S9").build();

    assertThat(driver.send(new TaskEvent.Changed(proposed)).rejection()).endsWith(": plan v1 has no step S9");
  }
}
