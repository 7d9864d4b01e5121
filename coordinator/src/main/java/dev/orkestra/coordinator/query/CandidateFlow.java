package dev.orkestra.coordinator.query;

import dev.orkestra.coordinator.query.state.CandidateOutcome;
import dev.orkestra.coordinator.query.state.CandidateState;
import dev.orkestra.coordinator.streams.ContractBytes;
import dev.orkestra.coordinator.streams.Emit;
import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.query.ExtractionCompleted;
import dev.orkestra.events.query.ExtractionRequested;
import dev.orkestra.events.query.ReadStatus;
import dev.orkestra.events.query.VerificationCompleted;
import dev.orkestra.events.query.VerificationRequested;
import dev.orkestra.events.query.VerifiedExcerpt;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One candidate's life, keyed by candidateId: its ExtractionRequested (read back from the
 * extractor's request topic), the extraction, the verification request, and the join of the
 * extraction with the verifier's verdict. The outcome goes to the query (keyed by queryId).
 *
 * <p>Results are matched to the request that caused them ({@code causationId}); an entry stays
 * after its outcome (marked done) so duplicates are ignored until it is purged.
 */
final class CandidateFlow {

  private final Requests requests;
  private final Duration retention;

  CandidateFlow(Duration retention, String producer) {
    this.retention = retention;
    this.requests = new Requests(producer);
  }

  Step<CandidateState> onRequest(CandidateState state, ExtractionRequested request, long now) {
    if (state != null && state.getQueryId() != null) {
      return Step.ignore(); // the same request twice
    }
    if (tooOld(request.getEnvelope(), now)) {
      return Step.ignore(); // history read by a new application id: no query waits for it any more
    }
    CandidateState assigned = CandidateState.newBuilder()
        .setQueryId(request.getEnvelope().getCorrelationId())
        .setRequest(ContractBytes.encode(request))
        .setUpdatedAt(now)
        .build();
    if (state != null && state.getExtraction() != null) {
      // The result was read before its request (the topics are separate partitions): join now.
      return onExtraction(assigned, ContractBytes.decode(state.getExtraction(), ExtractionCompleted.class), now);
    }
    return Step.put(assigned, List.of());
  }

  Step<CandidateState> onExtraction(CandidateState state, ExtractionCompleted extraction, long now) {
    if (state == null) {
      if (tooOld(extraction.getEnvelope(), now)) {
        return Step.ignore();
      }
      // Kept until its request is read, or purged with the other stale entries.
      return Step.put(CandidateState.newBuilder().setExtraction(ContractBytes.encode(extraction)).setUpdatedAt(now)
          .build(), List.of());
    }
    if (state.getQueryId() == null || state.getDone() || state.getVerificationRequestId() != null) {
      return Step.ignore(); // a duplicate
    }
    ExtractionRequested request = ContractBytes.decode(state.getRequest(), ExtractionRequested.class);
    if (!causedBy(extraction.getEnvelope(), request.getEnvelope())) {
      return Step.ignore(); // answers some other request for this id
    }
    String candidateId = request.getCandidate().getCandidateId();
    if (extraction.getStatus() == ReadStatus.OK && extraction.getExcerpt() != null) {
      // The verification stage's deadline, which its extraction request carries.
      VerificationRequested verification = requests.verification(extraction.getEnvelope(), request.getRepo(),
          candidateId, extraction.getExcerpt(), extraction.getReadVia(), request.getEnvelope().getDeadline());
      CandidateState awaiting = CandidateState.newBuilder(state)
          .setExtraction(ContractBytes.encode(extraction))
          .setVerificationRequestId(verification.getEnvelope().getEventId())
          .setUpdatedAt(now)
          .build();
      return Step.put(awaiting, List.of(new Emit(candidateId, verification)));
    }
    ReadStatus status = extraction.getStatus() == ReadStatus.OK ? ReadStatus.FAILED : extraction.getStatus();
    String reason = extraction.getFailureReason() != null ? extraction.getFailureReason()
        : extraction.getStatus() == ReadStatus.OK ? "the extractor returned no excerpt" : "not extracted: " + status;
    return finished(state, CandidateResult.failed(candidateId, status, reason), extraction.getEnvelope(), now);
  }

  Step<CandidateState> onVerification(CandidateState state, VerificationCompleted verification, long now) {
    if (state == null || state.getDone() || state.getVerificationRequestId() == null) {
      return Step.ignore(); // a duplicate, or a verdict for nothing this coordinator asked for
    }
    if (verification.getEnvelope().getCausationId() != null
        && !verification.getEnvelope().getCausationId().equals(state.getVerificationRequestId())) {
      return Step.ignore();
    }
    ExtractionRequested request = ContractBytes.decode(state.getRequest(), ExtractionRequested.class);
    ExtractionCompleted extraction = ContractBytes.decode(state.getExtraction(), ExtractionCompleted.class);
    String candidateId = request.getCandidate().getCandidateId();
    CandidateResult result;
    if (verification.getMatch()) {
      VerifiedExcerpt verified = VerifiedExcerpt.newBuilder()
          .setCandidate(request.getCandidate())
          .setExcerpt(extraction.getExcerpt())
          .build();
      result = CandidateResult.verified(candidateId, verified, extraction.getEnvelope().getOccurredAt());
    } else {
      ReadStatus read = verification.getReadStatus() == ReadStatus.OK ? null : verification.getReadStatus();
      String reason = verification.getReason() != null ? verification.getReason()
          : read != null ? "the verifier could not read it: " + read : "the independent read did not match";
      result = CandidateResult.rejected(candidateId, read, reason, extraction.getEnvelope().getOccurredAt());
    }
    return finished(state, result, verification.getEnvelope(), now);
  }

  /**
   * The coordinator could not process an event of this candidate (a record over the size limit, an
   * exception): the candidate's query ends with {@code message}, and the entry only remembers that
   * the candidate is done, so later results for it are ignored.
   *
   * @param cause the envelope of the event that failed (correlationId = the queryId)
   */
  Step<CandidateState> failedInCoordinator(String candidateId, Envelope cause, String message, long now) {
    String queryId = cause.getCorrelationId();
    CandidateOutcome outcome = CandidateOutcome.newBuilder()
        .setQueryId(queryId)
        .setCandidateResult(CandidateResult.failed(candidateId, null, message).toState())
        .setCause(ContractBytes.encode(cause))
        .setQueryError(message)
        .build();
    CandidateState done = CandidateState.newBuilder().setQueryId(queryId).setDone(true).setUpdatedAt(now).build();
    return Step.put(done, List.of(new Emit(queryId, outcome)));
  }

  /** Entries untouched for longer than the retention: no query can be waiting on them any more. */
  boolean expired(CandidateState state, long now) {
    return now - state.getUpdatedAt() > retention.toMillis();
  }

  private Step<CandidateState> finished(CandidateState state, CandidateResult result, Envelope cause, long now) {
    CandidateOutcome outcome = CandidateOutcome.newBuilder()
        .setQueryId(state.getQueryId())
        .setCandidateResult(result.toState())
        .setCause(ContractBytes.encode(cause))
        .build();
    // The excerpt travels on in the outcome; the entry only needs to remember that it is done.
    CandidateState done = CandidateState.newBuilder()
        .setQueryId(state.getQueryId())
        .setDone(true)
        .setUpdatedAt(now)
        .build();
    return Step.put(done, List.of(new Emit(state.getQueryId(), outcome)));
  }

  private boolean tooOld(Envelope envelope, long now) {
    return now - envelope.getOccurredAt().toEpochMilli() > retention.toMillis();
  }

  private static boolean causedBy(Envelope result, Envelope request) {
    return result.getCausationId() == null || Objects.equals(result.getCausationId(), request.getEventId());
  }
}
