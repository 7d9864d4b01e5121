package dev.orkestra.coordinator.query;

import dev.orkestra.coordinator.query.state.CachedAnswer;
import dev.orkestra.coordinator.query.state.CandidateOutcome;
import dev.orkestra.coordinator.query.state.QueryProgressState;
import dev.orkestra.events.common.Failure;
import dev.orkestra.events.query.AuditCompleted;
import dev.orkestra.events.query.CompositionCompleted;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.RetrievalCompleted;
import dev.orkestra.events.query.SynthesisCompleted;
import dev.orkestra.runtime.Envelopes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thin: loads a query's progress, lets {@link QueryFlow} decide, stores the result and forwards
 * what it wants written. Every input is keyed by queryId; a wall-clock punctuator answers queries
 * whose stage is overdue. Reads the global answer cache; the task of partition 0 also purges its
 * expired entries, by forwarding a tombstone (a null value) for each.
 */
final class QueryProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(QueryProcessor.class);

  /** Expired entries are already skipped at lookup; the purge only reclaims their space. */
  static final Duration CACHE_PURGE_INTERVAL = Duration.ofSeconds(30);

  private final QueryFlow flow;
  private final AnswerCachePolicy cachePolicy;
  private final Duration checkInterval;
  private final RecordSizeGuard guard;
  private final Containment containment;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, QueryProgressState> store;
  private ReadOnlyKeyValueStore<String, CachedAnswer> cacheStore;
  private AnswerCache answers;

  QueryProcessor(QueryFlow flow, AnswerCachePolicy cachePolicy, Duration checkInterval, RecordSizeGuard guard,
      Containment containment) {
    this.flow = flow;
    this.cachePolicy = cachePolicy;
    this.checkInterval = checkInterval;
    this.guard = guard;
    this.containment = containment;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.store = context.getStateStore(QueryCoordinator.QUERY_PROGRESS_STORE);
    // Wall clock, not stream time: a stage that never answers produces no records to advance stream time.
    context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::answerOverdue);
    cacheStore = context.getStateStore(QueryCoordinator.ANSWER_CACHE_STORE);
    answers = AnswerCache.over(cacheStore, cachePolicy);
    // Every instance holds the whole cache; one task purging it is enough.
    if (context.taskId().partition() == 0) {
      context.schedule(CACHE_PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::purgeExpiredAnswers);
    }
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    SpecificRecord value = record.value();
    if (value == null) {
      return;
    }
    long now = context.currentSystemTimeMs();
    // No query id (an event without an envelope): nothing to answer; the processing exception
    // handler dead-letters it.
    String queryId = queryId(record.key(), value);
    QueryProgress progress = null;
    try {
      progress = load(queryId);
      apply(queryId, progress, decide(record.key(), value, progress, now), value, null, now);
    } catch (RuntimeException e) {
      // A bug or a corrupt stored state must cost this query, not the stream thread and every query after it.
      log.error("query {}: processing {} failed", queryId, value.getSchema().getName(), e);
      String message = ErrorMessages.processingFailed(value.getSchema().getName(), e);
      contain(queryId, progress, value, null, message, now);
    }
  }

  private Step<QueryProgress> decide(String key, SpecificRecord value, QueryProgress progress, long now) {
    return switch (value) {
      case QueryRequested query -> flow.onQuery(key, query, progress, answers, now);
      case RetrievalCompleted result -> flow.onRetrieval(progress, result, answers, now);
      case CandidateOutcome outcome -> flow.onCandidateOutcome(progress, outcome, now);
      case SynthesisCompleted result -> flow.onSynthesis(progress, result, now);
      case CompositionCompleted result -> flow.onComposition(progress, result, now);
      case AuditCompleted result -> flow.onAudit(progress, result, now);
      case Failure failure -> flow.onFailure(progress, failure, now);
      default -> {
        log.warn("query {}: ignoring unexpected {}", key, value.getSchema().getFullName());
        yield Step.ignore();
      }
    };
  }

  private void answerOverdue(long now) {
    List<KeyValue<String, QueryProgressState>> overdue = new ArrayList<>();
    try (KeyValueIterator<String, QueryProgressState> all = store.all()) {
      // The deadline is a plain field: no contract part is decoded for queries that are on time.
      all.forEachRemaining(entry -> {
        if (entry.value.getStageDeadline() <= now) {
          overdue.add(entry);
        }
      });
    }
    for (KeyValue<String, QueryProgressState> entry : overdue) {
      QueryProgress progress = null;
      try {
        progress = QueryProgress.fromState(entry.value);
        apply(entry.key, progress, flow.onClock(progress, now), null, entry.value, now);
      } catch (RuntimeException e) {
        log.error("query {}: answering its overdue stage failed", entry.key, e);
        contain(entry.key, progress, null, entry.value, ErrorMessages.processingFailed("the overdue stage", e), now);
      }
    }
  }

  /** The store is read-only here (the global thread applies the tombstones), so forwarding while iterating is safe. */
  private void purgeExpiredAnswers(long now) {
    try (KeyValueIterator<String, CachedAnswer> all = cacheStore.all()) {
      all.forEachRemaining(entry -> {
        if (!cachePolicy.fresh(entry.value, now)) {
          context.forward(new Record<String, SpecificRecord>(entry.key, null, now));
        }
      });
    }
  }

  private QueryProgress load(String queryId) {
    QueryProgressState state = queryId == null ? null : store.get(queryId);
    return state == null ? null : QueryProgress.fromState(state);
  }

  /**
   * Applies {@code step} unless a record it writes is over the size limit; then the query ends in an
   * error instead.
   *
   * @param loaded the query's state before the step (null if it had none)
   * @param input the record the step answers, or null for a punctuation (then {@code stored} is the
   *     state it read)
   */
  private void apply(String queryId, QueryProgress loaded, Step<QueryProgress> step, SpecificRecord input,
      QueryProgressState stored, long now) {
    QueryProgressState state = step.change() == Step.Change.PUT ? step.state().toState() : null;
    Optional<RecordSizeGuard.Oversize> oversize = guard.check(QueryCoordinator.QUERY_PROGRESS_STORE, state,
        step.emits());
    if (oversize.isPresent()) {
      log.warn("query {}: {}", queryId, oversize.get().message());
      contain(queryId, step.state() != null ? step.state() : loaded, input, stored, oversize.get().message(), now);
      return;
    }
    switch (step.change()) {
      case PUT -> store.put(queryId, state);
      case DELETE -> store.delete(queryId);
      case KEEP -> { }
    }
    for (Emit emit : step.emits()) {
      context.forward(emit.toRecord(now));
    }
  }

  /**
   * The query cannot go on: its state is deleted, it is answered ERROR with {@code message}, and the
   * input (or, for a punctuation, the {@code stored} state) is dead-lettered.
   */
  private void contain(String queryId, QueryProgress progress, SpecificRecord input, QueryProgressState stored,
      String message, long now) {
    store.delete(queryId);
    var response = containment.response(queryId, progress, input, message, now);
    var letter = containment.deadLetter(context, queryId, input, QueryCoordinator.QUERY_PROGRESS_STORE, stored,
        message);
    for (Emit emit : Containment.emits(queryId, response, letter)) {
      context.forward(emit.toRecord(now));
    }
  }

  private static String queryId(String key, SpecificRecord value) {
    if (key != null) {
      return key;
    }
    return value instanceof CandidateOutcome outcome ? outcome.getQueryId() : Envelopes.of(value).getCorrelationId();
  }
}
