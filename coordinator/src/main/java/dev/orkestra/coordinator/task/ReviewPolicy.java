package dev.orkestra.coordinator.task;

import dev.orkestra.events.task.ReviewCompleted;
import dev.orkestra.events.task.Verdict;
import java.util.List;

/**
 * How a review's verdict is read, and what of it goes back to the planner or implementer. A
 * blocker makes any review a rejection (seed 003: "any blocker stops"): a plan with a blocker
 * escalates at once, code with one counts towards "rejected 3 times".
 */
final class ReviewPolicy {

  private ReviewPolicy() {}

  static Verdict verdict(ReviewCompleted review) {
    if (review.getBlockers() != null && !review.getBlockers().isEmpty()) {
      return Verdict.REJECTED;
    }
    return review.getVerdict() == null ? Verdict.NEEDS_CHANGES : review.getVerdict();
  }

  /** For the next plan request: what must change, what is missing, what worried the reviewer. */
  static List<String> planFeedback(ReviewCompleted review) {
    Feedback feedback = new Feedback()
        .addAll("blocker: ", review.getBlockers())
        .addAll("required: ", review.getRequiredChanges())
        .addAll("missing step: ", review.getMissingSteps())
        .addAll("concern: ", review.getConcerns())
        .addAll("security: ", review.getSecurityIssues());
    return orSummary(feedback, review);
  }

  /** For the next implementation attempt: the reviewer's required changes and the problems found. */
  static List<String> codeFeedback(ReviewCompleted review) {
    Feedback feedback = new Feedback()
        .addAll("blocker: ", review.getBlockers())
        .addAll("required: ", review.getRequiredChanges())
        .addAll("security: ", review.getSecurityIssues())
        .addAll("performance: ", review.getPerformanceConcerns());
    return orSummary(feedback, review);
  }

  /** The issue in one line, for an escalation's reason. */
  static String issue(ReviewCompleted review, List<String> feedback) {
    if (review.getSummary() != null && !review.getSummary().isBlank()) {
      return review.getSummary().strip();
    }
    return feedback.isEmpty() ? "no reason given" : String.join("; ", feedback.subList(0, Math.min(3, feedback.size())));
  }

  private static List<String> orSummary(Feedback feedback, ReviewCompleted review) {
    if (feedback.isEmpty()) {
      feedback.add("reviewer: ", review.getSummary() == null || review.getSummary().isBlank()
          ? "not approved, no reason given" : review.getSummary());
    }
    return feedback.lines();
  }
}
