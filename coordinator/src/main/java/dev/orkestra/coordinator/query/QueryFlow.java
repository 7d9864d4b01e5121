package dev.orkestra.coordinator.query;

import dev.orkestra.coordinator.query.state.CachedAnswer;
import dev.orkestra.coordinator.query.state.CandidateOutcome;
import dev.orkestra.coordinator.query.state.QueryStage;
import dev.orkestra.coordinator.streams.ContractBytes;
import dev.orkestra.coordinator.streams.Emit;
import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.Failure;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Answer;
import dev.orkestra.events.query.AuditCompleted;
import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.Candidate;
import dev.orkestra.events.query.Coaching;
import dev.orkestra.events.query.CompositionCompleted;
import dev.orkestra.events.query.CompositionRequested;
import dev.orkestra.events.query.ExtractionRequested;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryResponse;
import dev.orkestra.events.query.ResponseStatus;
import dev.orkestra.events.query.RetrievalCompleted;
import dev.orkestra.events.query.RetrievalRequested;
import dev.orkestra.events.query.SynthesisCompleted;
import dev.orkestra.events.query.SynthesisRequested;
import dev.orkestra.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The per-query state machine: [answer cache] → RETRIEVAL → [answer cache] → VERIFICATION (every
 * candidate extracted and verified) → [SYNTHESIS] → COMPOSITION → AUDIT → response. The answer
 * cache is consulted as soon as the query's commit is known: at once when the {@link RefMemo}
 * recalls what its ref resolved to, else once the retriever has resolved it. One method per event;
 * each returns the records to write and what becomes of the query's state. A result that does not
 * belong to the current stage — a duplicate, a late answer, one for a query that already responded
 * — changes nothing.
 */
final class QueryFlow {

  private static final Map<String, String> ROLES_BY_REQUEST_TOPIC = Map.of(
      Topics.RETRIEVER_REQUESTS.name(), "retriever",
      Topics.EXTRACTOR_REQUESTS.name(), "extractor",
      Topics.VERIFIER_REQUESTS.name(), "verifier",
      Topics.SYNTHESIZER_REQUESTS.name(), "synthesizer",
      Topics.COMPOSER_REQUESTS.name(), "composer",
      Topics.AUDITOR_REQUESTS.name(), "auditor");

  private final DeadlinePolicy deadlines;
  private final ContentBudget budget = ContentBudget.DEFAULT;
  private final AnswerCachePolicy cache;
  private final RefMemo refs;
  private final QueryValidator validator = new QueryValidator();
  private final Requests requests;
  private final QueryResponses responses;

  QueryFlow(DeadlinePolicy deadlines, AnswerCachePolicy cache, RefMemo refs, String producer) {
    this.deadlines = deadlines;
    this.cache = cache;
    this.refs = refs;
    this.requests = new Requests(producer);
    this.responses = new QueryResponses(producer);
  }

  /**
   * @param existing the query's state if it is in flight
   * @param answered the query was answered already (its marker is kept for {@code maxQueryAge})
   */
  Step<QueryProgress> onQuery(String key, QueryRequested query, QueryProgress existing, boolean answered,
      AnswerCache answers, long now) {
    if (existing != null || answered) {
      return Step.ignore(); // the same query published twice: while in flight, or after its answer
    }
    String queryId = query.getEnvelope().getCorrelationId();
    var violation = validator.validate(key, query, Instant.ofEpochMilli(now));
    if (violation.isPresent()) {
      return Step.keep(List.of(respond(key != null ? key : queryId,
          responses.rejected(query, violation.get().message(), now))));
    }
    Duration age = Duration.ofMillis(now - query.getEnvelope().getOccurredAt().toEpochMilli());
    if (age.compareTo(deadlines.maxQueryAge()) > 0) {
      return Step.keep(List.of(respond(queryId,
          responses.rejected(query, ErrorMessages.expired(age, deadlines.maxQueryAge()), now))));
    }
    QueryProgress progress = QueryProgress.start(query);
    Optional<RepoRef> recalled = refs.recall(query.getRepo(), now);
    if (recalled.isPresent()) {
      Optional<Answer> cached = answers.fresh(AnswerCacheKey.of(query, recalled.get()).value(), now);
      if (cached.isPresent()) {
        progress.resolved(recalled.get(), List.of(), null);
        return Step.keep(List.of(respond(queryId, responses.cached(progress, cached.get(), now))));
      }
    }
    Instant deadline = deadline(progress, QueryStage.RETRIEVAL, now);
    RetrievalRequested retrieval = requests.retrieval(query, deadline);
    enter(progress, QueryStage.RETRIEVAL, now, deadline, retrieval.getEnvelope().getEventId(), query.getEnvelope());
    return Step.put(progress, List.of(new Emit(queryId, retrieval)));
  }

  Step<QueryProgress> onRetrieval(QueryProgress progress, RetrievalCompleted result, AnswerCache answers,
      long now) {
    if (!waiting(progress, QueryStage.RETRIEVAL, result.getEnvelope())) {
      return Step.ignore();
    }
    progress.addUsage(result.getUsage());
    return switch (RetrievalOutcome.of(result, progress.request())) {
      case RetrievalOutcome.Respond respond ->
          finish(progress, respond.status(), respond.message(), result.getEnvelope(), now);
      case RetrievalOutcome.Proceed proceed -> {
        refs.remember(progress.request().getRepo(), proceed.repo(), now);
        String cacheKey = AnswerCacheKey.of(progress.request(), proceed.repo()).value();
        progress.resolved(proceed.repo(), proceed.candidates(), cacheKey);
        progress.caused(result.getEnvelope());
        Optional<Answer> cached = answers.fresh(cacheKey, now);
        if (cached.isPresent()) {
          yield Step.delete(List.of(respond(progress.queryId(), responses.cached(progress, cached.get(), now))));
        }
        // One extraction per candidate, keyed by candidateId, to the extractor's work queue; and the
        // coordinator's own record of it, which its candidate sub-topology reads (spread over partitions).
        List<Emit> extractions = new ArrayList<>();
        Instant deadline = deadline(progress, QueryStage.VERIFICATION, now);
        for (Candidate candidate : proceed.candidates()) {
          ExtractionRequested extraction = requests.extraction(result.getEnvelope(), proceed.repo(), candidate,
              deadline);
          extractions.add(new Emit(candidate.getCandidateId(), extraction));
          extractions.add(new Emit(candidate.getCandidateId(), requests.opened(extraction)));
        }
        enter(progress, QueryStage.VERIFICATION, now, deadline, null, result.getEnvelope());
        yield Step.put(progress, extractions);
      }
    };
  }

  Step<QueryProgress> onCandidateOutcome(QueryProgress progress, CandidateOutcome outcome, long now) {
    if (progress == null || progress.stage() != QueryStage.VERIFICATION) {
      return Step.ignore();
    }
    if (outcome.getQueryError() != null && progress.tally().expects(outcome.getCandidateResult().getCandidateId())) {
      // The candidate processor could not process this candidate: the query cannot be answered as asked.
      return finish(progress, ResponseStatus.ERROR, outcome.getQueryError(),
          ContractBytes.decode(outcome.getCause(), Envelope.class), now);
    }
    if (!progress.tally().record(withinBudget(CandidateResult.fromState(outcome.getCandidateResult()),
        progress.request().getAction()))) {
      return Step.ignore(); // unknown candidate, or already counted
    }
    progress.caused(ContractBytes.decode(outcome.getCause(), Envelope.class));
    return progress.tally().complete() ? afterCandidates(progress, now) : Step.put(progress, List.of());
  }

  Step<QueryProgress> onSynthesis(QueryProgress progress, SynthesisCompleted result, long now) {
    if (!waiting(progress, QueryStage.SYNTHESIS, result.getEnvelope())) {
      return Step.ignore();
    }
    progress.addUsage(result.getUsage());
    progress.caused(result.getEnvelope());
    // No coaching still makes an answer: the verified data stands on its own. The synthesizer's
    // reason travels as a NOT_AVAILABLE coaching text, which the composer shows as such.
    Coaching coaching = result.getCoaching();
    if (coaching == null && result.getFailureReason() != null && !result.getFailureReason().isBlank()) {
      coaching = Coaching.newBuilder().setText(UnavailableReasons.of(result.getFailureReason())).build();
    }
    return compose(progress, coaching, now);
  }

  Step<QueryProgress> onComposition(QueryProgress progress, CompositionCompleted result, long now) {
    if (!waiting(progress, QueryStage.COMPOSITION, result.getEnvelope())) {
      return Step.ignore();
    }
    progress.addUsage(result.getUsage());
    progress.answer(result.getAnswer());
    progress.caused(result.getEnvelope());
    Instant deadline = deadline(progress, QueryStage.AUDIT, now);
    AuditRequested audit = requests.audit(progress, deadline);
    // The answer now holds every verified text it quotes; the state keeps each one only there.
    progress.tally().forgetVerifiedTexts();
    enter(progress, QueryStage.AUDIT, now, deadline, audit.getEnvelope().getEventId(), result.getEnvelope());
    return Step.put(progress, List.of(new Emit(progress.queryId(), audit)));
  }

  Step<QueryProgress> onAudit(QueryProgress progress, AuditCompleted result, long now) {
    if (!waiting(progress, QueryStage.AUDIT, result.getEnvelope())) {
      return Step.ignore();
    }
    progress.addUsage(result.getUsage());
    if (!result.getPassed()) {
      return Step.delete(List.of(respond(progress.queryId(),
          responses.auditFailed(progress, result.getViolations(), result.getEnvelope(), now))));
    }
    QueryResponse response = responses.answered(progress, progress.answer(), result.getViolations(),
        result.getEnvelope(), now);
    if (!AnswerCachePolicy.cacheable(progress.answer()) || progress.cacheKey() == null) {
      return Step.delete(List.of(respond(progress.queryId(), response)));
    }
    CachedAnswer entry = cache.entry(progress.answer(), now);
    return Step.delete(List.of(respond(progress.queryId(), response), new Emit(progress.cacheKey(), entry)));
  }

  /**
   * A role gave up on a request. Retriever, composer, auditor: the query cannot be answered.
   * Extractor, verifier: that candidate failed, the others go on. Synthesizer: compose without coaching.
   */
  Step<QueryProgress> onFailure(QueryProgress progress, Failure failure, long now) {
    if (progress == null) {
      return Step.ignore();
    }
    String role = failedRole(failure);
    Envelope cause = failure.getEnvelope();
    return switch (role) {
      case "retriever" -> waiting(progress, QueryStage.RETRIEVAL, cause)
          ? finish(progress, ResponseStatus.ERROR, ErrorMessages.retrieverFailed(failure.getReason()), cause, now)
          : Step.ignore();
      case "extractor", "verifier" -> {
        if (progress.stage() != QueryStage.VERIFICATION || failure.getSubjectId() == null
            || !progress.tally().record(CandidateResult.failed(failure.getSubjectId(), null,
                role + " failed: " + failure.getReason()))) {
          yield Step.ignore();
        }
        progress.caused(cause);
        yield progress.tally().complete() ? afterCandidates(progress, now) : Step.put(progress, List.of());
      }
      case "synthesizer" -> {
        if (!waiting(progress, QueryStage.SYNTHESIS, cause)) {
          yield Step.ignore();
        }
        progress.caused(cause);
        yield compose(progress, null, now);
      }
      case "composer" -> waiting(progress, QueryStage.COMPOSITION, cause)
          ? finish(progress, ResponseStatus.ERROR, ErrorMessages.roleFailed(role, failure.getReason()), cause, now)
          : Step.ignore();
      case "auditor" -> waiting(progress, QueryStage.AUDIT, cause)
          ? finish(progress, ResponseStatus.ERROR, ErrorMessages.roleFailed(role, failure.getReason()), cause, now)
          : Step.ignore();
      default -> Step.ignore();
    };
  }

  /**
   * Which stage's role failed: by the registry topic of the request it could not answer (set by
   * the role runtime), else by the name the role gave itself.
   */
  static String failedRole(Failure failure) {
    String byTopic = ROLES_BY_REQUEST_TOPIC.get(failure.getRequestTopic());
    if (byTopic != null) {
      return byTopic;
    }
    return failure.getRole() == null ? "" : failure.getRole().toLowerCase(Locale.ROOT);
  }

  /** The wall clock passed the stage's deadline: answer with an error naming the stage. */
  Step<QueryProgress> onClock(QueryProgress progress, long now) {
    if (!deadlines.overdue(progress.stageDeadline(), now)) {
      return Step.ignore();
    }
    String message = ErrorMessages.stageTimedOut(progress.stage(), progress.stageBudget(), progress.tally());
    return finish(progress, ResponseStatus.ERROR, message, progress.lastCause(), now);
  }

  /** A verified extract too large for an answer is left out, with the reason naming the limit. */
  private CandidateResult withinBudget(CandidateResult result, QueryAction action) {
    if (result.verified() == null) {
      return result;
    }
    return budget.refusal(action, result.verified().getExcerpt())
        .map(reason -> CandidateResult.tooLarge(result.candidateId(), reason, result.extractedAt()))
        .orElse(result);
  }

  /** Every candidate reported: coaching over the verified extracts if asked for, else compose. */
  private Step<QueryProgress> afterCandidates(QueryProgress progress, long now) {
    if (progress.tally().verified() > 0 && progress.coachingRequested()) {
      Instant deadline = deadline(progress, QueryStage.SYNTHESIS, now);
      SynthesisRequested synthesis = requests.synthesis(progress, deadline);
      enter(progress, QueryStage.SYNTHESIS, now, deadline, synthesis.getEnvelope().getEventId(), progress.lastCause());
      return Step.put(progress, List.of(new Emit(progress.queryId(), synthesis)));
    }
    return compose(progress, null, now);
  }

  private Step<QueryProgress> compose(QueryProgress progress, Coaching coaching, long now) {
    progress.coaching(coaching);
    Instant deadline = deadline(progress, QueryStage.COMPOSITION, now);
    CompositionRequested composition = requests.composition(progress, coaching, deadline);
    enter(progress, QueryStage.COMPOSITION, now, deadline, composition.getEnvelope().getEventId(),
        progress.lastCause());
    return Step.put(progress, List.of(new Emit(progress.queryId(), composition)));
  }

  private Step<QueryProgress> finish(QueryProgress progress, ResponseStatus status, String message, Envelope cause,
      long now) {
    return Step.delete(List.of(respond(progress.queryId(),
        responses.unanswered(progress, status, message, cause, now))));
  }

  /**
   * When {@code stage}, entered at {@code now}, is overdue: also the deadline every request the stage
   * waits for carries, so that a role can drop work nobody waits for any more.
   */
  private Instant deadline(QueryProgress progress, QueryStage stage, long now) {
    return Instant.ofEpochMilli(deadlines.deadline(stage, now, progress.request().getDeadline()));
  }

  private static void enter(QueryProgress progress, QueryStage stage, long now, Instant deadline, String awaiting,
      Envelope cause) {
    progress.enter(stage, now, deadline.toEpochMilli(), awaiting, cause);
  }

  private static boolean waiting(QueryProgress progress, QueryStage stage, Envelope result) {
    return progress != null && progress.stage() == stage && progress.awaits(result.getCausationId());
  }

  private static Emit respond(String queryId, QueryResponse response) {
    return new Emit(queryId, response);
  }
}
