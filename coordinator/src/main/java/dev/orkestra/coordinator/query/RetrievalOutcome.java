package dev.orkestra.coordinator.query;

import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Candidate;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.ResponseStatus;
import dev.orkestra.events.query.RetrievalCompleted;
import java.util.List;

/** What a retrieval result means for the query: answer now, or go on with these candidates. */
public sealed interface RetrievalOutcome {

  /** The query ends here with this status and message. */
  record Respond(ResponseStatus status, String message) implements RetrievalOutcome {}

  /** Extract and verify {@code candidates} (best first, ids scoped to the query) at {@code repo}'s commit. */
  record Proceed(RepoRef repo, List<Candidate> candidates) implements RetrievalOutcome {}

  /**
   * NOT_FOUND, ACCESS_DENIED, NOT_TEXT, OUT_OF_RANGE → not_available with the retriever's reason;
   * RATE_LIMITED, FAILED → error; OK without candidates → "No matches found for query".
   */
  static RetrievalOutcome of(RetrievalCompleted result, QueryRequested request) {
    String reason = result.getFailureReason();
    return switch (result.getStatus()) {
      case OK -> proceed(result, request);
      case NOT_FOUND -> new Respond(ResponseStatus.NOT_AVAILABLE, reason != null
          ? UnavailableReasons.of(reason)
          : request.getPath() != null ? UnavailableReasons.fileNotFound(request.getPath())
          : UnavailableReasons.of("repository or ref not found"));
      case ACCESS_DENIED -> new Respond(ResponseStatus.NOT_AVAILABLE,
          reason != null ? UnavailableReasons.of(reason) : UnavailableReasons.accessDenied());
      case NOT_TEXT -> new Respond(ResponseStatus.NOT_AVAILABLE,
          UnavailableReasons.of(reason != null ? reason : "content is not text"));
      case OUT_OF_RANGE -> new Respond(ResponseStatus.NOT_AVAILABLE,
          UnavailableReasons.of(reason != null ? reason : "line range is outside the file"));
      case RATE_LIMITED -> new Respond(ResponseStatus.ERROR,
          ErrorMessages.of(reason != null ? reason : "rate limit exceeded"));
      case FAILED -> new Respond(ResponseStatus.ERROR, ErrorMessages.of(reason != null ? reason : "retrieval failed"));
    };
  }

  private static RetrievalOutcome proceed(RetrievalCompleted result, QueryRequested request) {
    String queryId = request.getEnvelope().getCorrelationId();
    List<Candidate> candidates = CandidateIds.scoped(queryId, result.getCandidates());
    if (candidates.isEmpty()) {
      return new Respond(ResponseStatus.NOT_AVAILABLE, UnavailableReasons.noMatches());
    }
    RepoRef repo = result.getRepo();
    if (repo.getCommitSha() == null) {
      // Every later stage must read the same content: without a commit there is nothing to pin it to.
      if (request.getRepo().getCommitSha() == null) {
        return new Respond(ResponseStatus.ERROR, ErrorMessages.retrieverFailed("no commit resolved for the ref"));
      }
      repo = RepoRef.newBuilder(repo).setCommitSha(request.getRepo().getCommitSha()).build();
    }
    int limit = MatchLimits.maxCandidates(request.getAction(), request.getMaxMatches());
    return new Proceed(repo, List.copyOf(candidates.subList(0, Math.min(limit, candidates.size()))));
  }
}
