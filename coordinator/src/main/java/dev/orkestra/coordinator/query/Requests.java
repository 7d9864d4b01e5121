package dev.orkestra.coordinator.query;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.Candidate;
import dev.orkestra.events.query.CandidateOpened;
import dev.orkestra.events.query.Coaching;
import dev.orkestra.events.query.CompositionRequested;
import dev.orkestra.events.query.Excerpt;
import dev.orkestra.events.query.ExtractionRequested;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.RetrievalRequested;
import dev.orkestra.events.query.SynthesisRequested;
import dev.orkestra.events.query.VerificationRequested;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.runtime.VerifiedDigests;
import java.time.Instant;

/**
 * Builds the requests the coordinator sends to role services; each names its cause in its envelope,
 * and its deadline: when the stage that waits for it is overdue, after which nobody waits for the
 * answer and the role may drop the work.
 */
final class Requests {

  private final String producer;

  Requests(String producer) {
    this.producer = producer;
  }

  /** Every action goes through the retriever: it resolves the ref to a commit once, for all later stages. */
  RetrievalRequested retrieval(QueryRequested query, Instant deadline) {
    return RetrievalRequested.newBuilder()
        .setEnvelope(Envelopes.reply(query.getEnvelope(), producer, deadline))
        .setAction(query.getAction())
        .setRepo(query.getRepo())
        .setPath(query.getPath())
        .setStartLine(query.getStartLine())
        .setEndLine(query.getEndLine())
        .setQuestion(query.getQuestion())
        .setMaxCandidates(MatchLimits.maxCandidates(query.getAction(), query.getMaxMatches()))
        .build();
  }

  ExtractionRequested extraction(Envelope cause, RepoRef repo, Candidate candidate, Instant deadline) {
    return ExtractionRequested.newBuilder()
        .setEnvelope(Envelopes.reply(cause, producer, deadline))
        .setRepo(repo)
        .setCandidate(candidate)
        .build();
  }

  /** The coordinator's record of {@code extraction}, for its candidate sub-topology. */
  CandidateOpened opened(ExtractionRequested extraction) {
    return CandidateOpened.newBuilder()
        .setEnvelope(Envelopes.reply(extraction.getEnvelope(), producer))
        .setExtraction(extraction)
        .build();
  }

  VerificationRequested verification(Envelope cause, RepoRef repo, String candidateId, Excerpt claimed,
      String extractedVia, Instant deadline) {
    return VerificationRequested.newBuilder()
        .setEnvelope(Envelopes.reply(cause, producer, deadline))
        .setRepo(repo)
        .setCandidateId(candidateId)
        .setClaimed(claimed)
        .setExtractedVia(extractedVia)
        .build();
  }

  SynthesisRequested synthesis(QueryProgress progress, Instant deadline) {
    return SynthesisRequested.newBuilder()
        .setEnvelope(Envelopes.reply(progress.lastCause(), producer, deadline))
        .setAction(progress.request().getAction())
        .setQuestion(synthesisQuestion(progress.request()))
        .setRepo(progress.repo())
        .setVerified(progress.tally().verifiedInScoreOrder())
        .build();
  }

  CompositionRequested composition(QueryProgress progress, Coaching coaching, Instant deadline) {
    QueryRequested query = progress.request();
    CandidateTally tally = progress.tally();
    return CompositionRequested.newBuilder()
        .setEnvelope(Envelopes.reply(progress.lastCause(), producer, deadline))
        .setRole(query.getRole())
        .setAction(query.getAction())
        .setRepo(progress.repo())
        .setPath(query.getPath())
        .setStartLine(query.getStartLine())
        .setEndLine(query.getEndLine())
        .setQuestion(query.getQuestion())
        .setVerified(tally.verifiedInScoreOrder())
        .setCoaching(coaching)
        // Without coaching the composer then says why ("NOT_AVAILABLE: ...") instead of leaving it out.
        .setIncludeCoaching(progress.coachingRequested())
        .setCandidatesTotal(tally.total())
        .setCandidatesVerified(tally.verified())
        .setUnavailableReason(UnavailableReasons.forComposition(query, tally).orElse(null))
        .setFetchedAt(tally.fetchedAt().orElse(null))
        .build();
  }

  AuditRequested audit(QueryProgress progress, Instant deadline) {
    return AuditRequested.newBuilder()
        .setEnvelope(Envelopes.reply(progress.lastCause(), producer, deadline))
        .setRole(progress.request().getRole())
        .setAction(progress.request().getAction())
        .setAnswer(progress.answer())
        // By digest: the answer already carries every text it quotes (docs/coordinator.md).
        .setVerifiedDigests(VerifiedDigests.of(progress.tally().verifiedInScoreOrder()))
        .setCoachingRequested(progress.coachingRequested())
        .build();
  }

  /** get_file/get_lines carry no question; the synthesizer still needs to know what to coach on. */
  static String synthesisQuestion(QueryRequested query) {
    if (query.getQuestion() != null && !query.getQuestion().isBlank()) {
      return query.getQuestion();
    }
    if (query.getAction() == QueryAction.GET_LINES) {
      return "Explain lines " + query.getStartLine() + "-" + query.getEndLine() + " of " + query.getPath();
    }
    return "Explain " + query.getPath();
  }
}
