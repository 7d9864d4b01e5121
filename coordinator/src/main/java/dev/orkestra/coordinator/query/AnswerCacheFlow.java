package dev.orkestra.coordinator.query;

import dev.orkestra.coordinator.query.state.AnswerCacheRequest;
import dev.orkestra.coordinator.query.state.CachedAnswer;
import dev.orkestra.events.query.Answer;
import dev.orkestra.events.query.Candidate;
import dev.orkestra.events.query.ExtractionRequested;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer cache, keyed by {@link AnswerCacheKey}: stores audited answers, and for a query that
 * just got its candidates either answers at once from a fresh entry or fans out one extraction
 * request per candidate (keyed by candidateId, so candidates spread over partitions).
 */
final class AnswerCacheFlow {

  private final AnswerCachePolicy policy;
  private final Requests requests;
  private final QueryResponses responses;

  AnswerCacheFlow(AnswerCachePolicy policy, String producer) {
    this.policy = policy;
    this.requests = new Requests(producer);
    this.responses = new QueryResponses(producer);
  }

  Step<CachedAnswer> onRequest(CachedAnswer entry, AnswerCacheRequest request, long now) {
    if (request.getStore() != null) {
      return Step.put(request.getStore(), List.of());
    }
    if (request.getLookup() == null) {
      return Step.ignore();
    }
    QueryProgress query = QueryProgress.fromState(request.getLookup());
    if (entry != null && policy.fresh(entry, now)) {
      Answer answer = ContractBytes.decode(entry.getAnswer(), Answer.class);
      return Step.keep(List.of(new Emit(query.queryId(), responses.cached(query, answer, now))));
    }
    List<Emit> extractions = new ArrayList<>();
    for (Candidate candidate : query.tally().candidates()) {
      ExtractionRequested extraction = requests.extraction(query.lastCause(), query.repo(), candidate);
      extractions.add(new Emit(candidate.getCandidateId(), extraction));
    }
    return entry != null ? Step.delete(extractions) : Step.keep(extractions);
  }

  /** Expired entries are deleted by the purge, not only skipped at lookup. */
  boolean expired(CachedAnswer entry, long now) {
    return !policy.fresh(entry, now);
  }
}
