package dev.orkestra.reviewer.review;

import dev.orkestra.events.task.Verdict;
import dev.orkestra.planner.plan.JsonFields;
import java.util.Map;

/**
 * Seed 002's review statuses ({@code approved | rejected | needs_revision} for plans,
 * {@code approved | rejected | needs_changes} for code) and the words models use for them, onto the
 * contract's {@link Verdict}. Unlike a step's type, a verdict is never guessed: a word not listed is
 * a problem for the repair round, since reading "maybe" as either outcome would decide for the reviewer.
 */
final class VerdictWords {

  static final String KNOWN = "approved, rejected, needs_revision, needs_changes";

  private static final Map<String, Verdict> WORDS = Map.ofEntries(
      Map.entry("approved", Verdict.APPROVED), Map.entry("approve", Verdict.APPROVED),
      Map.entry("accepted", Verdict.APPROVED), Map.entry("accept", Verdict.APPROVED),
      Map.entry("lgtm", Verdict.APPROVED), Map.entry("pass", Verdict.APPROVED), Map.entry("passed", Verdict.APPROVED),
      Map.entry("needsrevision", Verdict.NEEDS_CHANGES), Map.entry("needschanges", Verdict.NEEDS_CHANGES),
      Map.entry("changesrequested", Verdict.NEEDS_CHANGES), Map.entry("requestchanges", Verdict.NEEDS_CHANGES),
      Map.entry("revise", Verdict.NEEDS_CHANGES), Map.entry("revision", Verdict.NEEDS_CHANGES),
      Map.entry("needswork", Verdict.NEEDS_CHANGES),
      Map.entry("rejected", Verdict.REJECTED), Map.entry("reject", Verdict.REJECTED),
      Map.entry("blocked", Verdict.REJECTED), Map.entry("fail", Verdict.REJECTED), Map.entry("failed", Verdict.REJECTED));

  private VerdictWords() {}

  /** The verdict, or {@code null} for a word not listed. */
  static Verdict of(String word) {
    return WORDS.get(JsonFields.normalized(word));
  }
}
