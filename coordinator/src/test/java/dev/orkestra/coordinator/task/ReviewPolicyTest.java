package dev.orkestra.coordinator.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.task.ReviewCompleted;
import dev.orkestra.events.task.ReviewScores;
import dev.orkestra.events.task.ReviewSubject;
import dev.orkestra.events.task.Verdict;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReviewPolicyTest {

  private static ReviewCompleted.Builder review(Verdict verdict) {
    return ReviewCompleted.newBuilder()
        .setEnvelope(Envelope.newBuilder().setEventId("e").setCorrelationId("T-1").setOccurredAt(Instant.EPOCH)
            .setProducer("reviewer@test").build())
        .setTaskId("T-1")
        .setSubject(ReviewSubject.CODE)
        .setVerdict(verdict)
        .setScores(ReviewScores.newBuilder().build())
        .setReviewer(Models.GEMINI_PRO);
  }

  @Test
  void aBlockerMakesAnyReviewARejection() {
    assertThat(ReviewPolicy.verdict(review(Verdict.APPROVED).setBlockers(List.of("leaks the key")).build()))
        .isEqualTo(Verdict.REJECTED);
    assertThat(ReviewPolicy.verdict(review(Verdict.NEEDS_CHANGES).setBlockers(List.of("x")).build()))
        .isEqualTo(Verdict.REJECTED);
    assertThat(ReviewPolicy.verdict(review(Verdict.APPROVED).build())).isEqualTo(Verdict.APPROVED);
    assertThat(ReviewPolicy.verdict(review(Verdict.NEEDS_CHANGES).build())).isEqualTo(Verdict.NEEDS_CHANGES);
  }

  @Test
  void codeFeedbackCarriesWhatMustChange() {
    ReviewCompleted review = review(Verdict.NEEDS_CHANGES)
        .setRequiredChanges(List.of("Add docstring to HybridSearchEngine class", "Add type hints to _fuse_results"))
        .setOptionalImprovements(List.of("Consider @lru_cache"))
        .setSecurityIssues(List.of("query string logged"))
        .build();

    assertThat(ReviewPolicy.codeFeedback(review)).containsExactly(
        "required: Add docstring to HybridSearchEngine class",
        "required: Add type hints to _fuse_results",
        "security: query string logged");
  }

  @Test
  void planFeedbackCarriesMissingStepsAndConcerns() {
    ReviewCompleted review = review(Verdict.NEEDS_CHANGES).setSubject(ReviewSubject.PLAN)
        .setMissingSteps(List.of("update __init__.py exports"))
        .setConcerns(List.of("S2 too large"))
        .build();

    assertThat(ReviewPolicy.planFeedback(review)).containsExactly(
        "missing step: update __init__.py exports", "concern: S2 too large");
  }

  @Test
  void aReviewWithoutReasonsStillSaysSo() {
    assertThat(ReviewPolicy.codeFeedback(review(Verdict.REJECTED).build()))
        .containsExactly("reviewer: not approved, no reason given");
    assertThat(ReviewPolicy.codeFeedback(review(Verdict.REJECTED).setSummary("unclear logic").build()))
        .containsExactly("reviewer: unclear logic");
  }

  @Test
  void theIssueIsTheSummaryElseTheFirstLines() {
    ReviewCompleted summarised = review(Verdict.REJECTED).setSummary(" fuse() logic unclear ").build();
    ReviewCompleted listed = review(Verdict.REJECTED).setRequiredChanges(List.of("a", "b", "c", "d")).build();

    assertThat(ReviewPolicy.issue(summarised, ReviewPolicy.codeFeedback(summarised))).isEqualTo("fuse() logic unclear");
    assertThat(ReviewPolicy.issue(listed, ReviewPolicy.codeFeedback(listed)))
        .isEqualTo("required: a; required: b; required: c");
  }

  @Test
  void feedbackIsBoundedInLinesAndLength() {
    List<String> many = java.util.stream.IntStream.range(0, 50).mapToObj(i -> "change " + i).toList();
    String huge = "x".repeat(10_000) + "END";

    List<String> lines = ReviewPolicy.codeFeedback(review(Verdict.NEEDS_CHANGES)
        .setRequiredChanges(many).setBlockers(List.of(huge)).build());

    assertThat(lines).hasSize(Feedback.MAX_LINES + 1).last().isEqualTo("... and 21 more not shown");
    assertThat(lines.getFirst()).hasSize(Feedback.MAX_LINE_CHARS).startsWith("blocker: ...").endsWith("END");
  }

  @Test
  void aPersonsCommentComesFirst() {
    assertThat(Feedback.withComment("use the existing cache", List.of("required: a")))
        .containsExactly("from a person: use the existing cache", "required: a");
    assertThat(Feedback.withComment(null, List.of("required: a"))).containsExactly("required: a");
  }
}
