package dev.orkestra.coordinator.query;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Answer;
import dev.orkestra.events.query.QueryData;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryResponse;
import dev.orkestra.events.query.ResponseStatus;
import dev.orkestra.events.query.RuleViolation;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.runtime.source.SourceValidation;
import java.time.Instant;
import java.util.List;

/** Builds the final QueryResponse: seed 000's Global Output Schema plus echo, audit result and usage. */
final class QueryResponses {

  private final String producer;

  QueryResponses(String producer) {
    this.producer = producer;
  }

  /** An audited answer, as the composer wrote it. */
  QueryResponse answered(QueryProgress progress, Answer answer, List<RuleViolation> violations, Envelope cause,
      long now) {
    return QueryResponse.newBuilder()
        .setEnvelope(Envelopes.reply(cause, producer))
        .setStatus(answer.getStatus())
        .setFetchedAt(answer.getFetchedAt())
        .setData(answer.getData())
        .setSources(answer.getSources())
        .setMessage(answer.getMessage())
        .setRole(progress.request().getRole())
        .setAction(progress.request().getAction())
        .setRepo(progress.repo())
        .setAudited(true)
        .setViolations(violations)
        .setUsage(progress.usage())
        .setElapsedMs(elapsed(progress.request(), now))
        .build();
  }

  /**
   * An answer from the answer cache: audited when it was stored; its {@code fetchedAt} stays the
   * time the content was fetched, and only this query's own usage (retrieval) is reported.
   */
  QueryResponse cached(QueryProgress progress, Answer answer, long now) {
    return answered(progress, answer, List.of(), progress.lastCause(), now);
  }

  /** A not_available or error answer the coordinator decides itself: empty data, no sources. */
  QueryResponse unanswered(QueryProgress progress, ResponseStatus status, String message, Envelope cause, long now) {
    return unanswered(progress.request(), progress.repo(), progress.usage(), status, message, cause, now)
        .build();
  }

  /** A request rejected before anything ran (invalid, expired). */
  QueryResponse rejected(QueryRequested query, String message, long now) {
    // A refused repository may be a URL with a token in it: the answer must not carry it further.
    RepoRef repo = query.getRepo().getRepo() == null ? query.getRepo()
        : RepoRef.newBuilder(query.getRepo()).setRepo(SourceValidation.redacted(query.getRepo().getRepo())).build();
    return unanswered(query, repo, List.of(), ResponseStatus.ERROR, message, query.getEnvelope(), now).build();
  }

  /**
   * An error for a query whose request is not known (its stored state could not be read): nothing
   * to echo but the query id.
   *
   * @param cause the event being processed, or null
   */
  QueryResponse failed(String queryId, Envelope cause, String message, long now) {
    Envelope reply = cause != null ? Envelopes.reply(cause, producer) : Envelopes.start(queryId, producer);
    return QueryResponse.newBuilder()
        .setEnvelope(Envelope.newBuilder(reply).setCorrelationId(queryId).build())
        .setStatus(ResponseStatus.ERROR)
        .setFetchedAt(Instant.ofEpochMilli(now))
        .setData(QueryData.newBuilder().build())
        .setSources(List.of())
        .setMessage(message)
        .setAudited(false)
        .build();
  }

  /** The audit failed: an error naming the first broken rule, every violation listed. */
  QueryResponse auditFailed(QueryProgress progress, List<RuleViolation> violations, Envelope cause, long now) {
    return unanswered(progress.request(), progress.repo(), progress.usage(), ResponseStatus.ERROR,
        ErrorMessages.auditFailed(violations), cause, now)
        .setAudited(true)
        .setViolations(violations)
        .build();
  }

  private QueryResponse.Builder unanswered(QueryRequested query, RepoRef repo, List<ModelUsage> usage,
      ResponseStatus status, String message, Envelope cause, long now) {
    return QueryResponse.newBuilder()
        .setEnvelope(Envelopes.reply(cause, producer))
        .setStatus(status)
        // Seed 000's error and not_available responses carry the time they were made.
        .setFetchedAt(Instant.ofEpochMilli(now))
        .setData(QueryData.newBuilder().build())
        .setSources(List.of())
        .setMessage(message)
        .setRole(query.getRole())
        .setAction(query.getAction())
        .setRepo(repo)
        .setAudited(false)
        .setUsage(usage)
        .setElapsedMs(elapsed(query, now));
  }

  private static long elapsed(QueryRequested query, long now) {
    return Math.max(0, now - query.getEnvelope().getOccurredAt().toEpochMilli());
  }
}
