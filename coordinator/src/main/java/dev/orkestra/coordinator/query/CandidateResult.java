package dev.orkestra.coordinator.query;

import dev.orkestra.coordinator.query.state.CandidateResultState;
import dev.orkestra.coordinator.query.state.CandidateVerdict;
import dev.orkestra.coordinator.streams.ContractBytes;
import dev.orkestra.events.query.ReadStatus;
import dev.orkestra.events.query.VerifiedExcerpt;
import java.time.Instant;

/**
 * How one candidate ended.
 *
 * @param readStatus the failing read's status: the extractor's for FAILED at extraction, the
 *     verifier's for a REJECTED read that was not OK; null for role failures and plain mismatches
 * @param verified the confirmed extract, set iff VERIFIED until the answer is composed (then the
 *     answer holds the text, and the state keeps it only once: {@link #withoutText})
 * @param extractedAt when the extractor read it (null if it never did)
 */
public record CandidateResult(
    String candidateId, CandidateVerdict verdict, ReadStatus readStatus, String reason,
    VerifiedExcerpt verified, Instant extractedAt) {

  public static CandidateResult verified(String candidateId, VerifiedExcerpt excerpt, Instant extractedAt) {
    return new CandidateResult(candidateId, CandidateVerdict.VERIFIED, null, null, excerpt, extractedAt);
  }

  public static CandidateResult rejected(String candidateId, ReadStatus readStatus, String reason,
      Instant extractedAt) {
    return new CandidateResult(candidateId, CandidateVerdict.REJECTED, readStatus, reason, null, extractedAt);
  }

  /** Not extracted: the extractor read {@code readStatus}, or (null) the extractor/verifier role failed. */
  public static CandidateResult failed(String candidateId, ReadStatus readStatus, String reason) {
    return new CandidateResult(candidateId, CandidateVerdict.FAILED, readStatus, reason, null, null);
  }

  /**
   * Verified, but its text is too large for an answer ({@link ContentBudget}): left out like a file
   * the sources refuse as too large (NOT_TEXT), with {@code reason} naming the limit.
   */
  public static CandidateResult tooLarge(String candidateId, String reason, Instant extractedAt) {
    return new CandidateResult(candidateId, CandidateVerdict.FAILED, ReadStatus.NOT_TEXT, reason, null, extractedAt);
  }

  /** The same outcome without the extract's text: what the state keeps once the answer quotes it. */
  public CandidateResult withoutText() {
    return new CandidateResult(candidateId, verdict, readStatus, reason, null, extractedAt);
  }

  /** True when the extractor itself could not read the candidate (not a role failure, not a mismatch). */
  public boolean failedExtraction() {
    return verdict == CandidateVerdict.FAILED && readStatus != null;
  }

  CandidateResultState toState() {
    return CandidateResultState.newBuilder()
        .setCandidateId(candidateId)
        .setVerdict(verdict)
        .setReadStatus(readStatus == null ? null : readStatus.name())
        .setReason(reason)
        .setVerified(ContractBytes.encode(verified))
        .setExtractedAt(extractedAt == null ? null : extractedAt.toEpochMilli())
        .build();
  }

  static CandidateResult fromState(CandidateResultState state) {
    return new CandidateResult(
        state.getCandidateId(),
        state.getVerdict(),
        readStatus(state.getReadStatus()),
        state.getReason(),
        ContractBytes.decode(state.getVerified(), VerifiedExcerpt.class),
        state.getExtractedAt() == null ? null : Instant.ofEpochMilli(state.getExtractedAt()));
  }

  /** A status name written by a newer version that this one does not know reads as FAILED. */
  private static ReadStatus readStatus(String name) {
    if (name == null) {
      return null;
    }
    try {
      return ReadStatus.valueOf(name);
    } catch (IllegalArgumentException unknown) {
      return ReadStatus.FAILED;
    }
  }
}
