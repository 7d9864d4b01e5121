package dev.orkestra.coordinator;

import java.time.Duration;

/**
 * How long the coordinator waits for each stage of a query before answering with an error. A
 * query's own {@code deadline}, when earlier, wins.
 *
 * @param retrieval from RetrievalRequested to RetrievalCompleted
 * @param verification from the retrieval result to the last candidate's verdict: answer-cache
 *     decision, extraction and verification of every candidate (they run in parallel)
 * @param synthesis from SynthesisRequested to SynthesisCompleted (coaching only)
 * @param composition from CompositionRequested to CompositionCompleted
 * @param audit from AuditRequested to AuditCompleted
 */
public record StageTimeouts(
    Duration retrieval, Duration verification, Duration synthesis, Duration composition, Duration audit) {

  public StageTimeouts {
    positive("retrieval", retrieval);
    positive("verification", verification);
    positive("synthesis", synthesis);
    positive("composition", composition);
    positive("audit", audit);
  }

  /**
   * Retrieval 180 s (the first question on a repository indexes it: a few thousand chunks to embed
   * on two cores), extraction + verification 30 s, synthesis 60 s (a model call), composition 15 s,
   * audit 15 s.
   */
  public static StageTimeouts defaults() {
    return new StageTimeouts(Duration.ofSeconds(180), Duration.ofSeconds(30), Duration.ofSeconds(60),
        Duration.ofSeconds(15), Duration.ofSeconds(15));
  }

  /** The longest a query can be in flight: every stage taking its full time. */
  public Duration total() {
    return retrieval.plus(verification).plus(synthesis).plus(composition).plus(audit);
  }

  private static void positive(String stage, Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(stage + " timeout must be positive, was " + timeout);
    }
  }
}
