package dev.orkestra.coordinator.query;

import dev.orkestra.coordinator.query.state.CachedAnswer;
import dev.orkestra.coordinator.query.state.CandidateOutcome;
import dev.orkestra.coordinator.query.state.QueryProgressState;
import dev.orkestra.coordinator.streams.DeadlineIndex;
import dev.orkestra.coordinator.streams.Emit;
import dev.orkestra.coordinator.streams.RecordSizeGuard;
import dev.orkestra.events.common.Failure;
import dev.orkestra.events.query.AuditCompleted;
import dev.orkestra.events.query.CompositionCompleted;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryResponse;
import dev.orkestra.events.query.RetrievalCompleted;
import dev.orkestra.events.query.SynthesisCompleted;
import dev.orkestra.runtime.Envelopes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thin: loads a query's progress, lets {@link QueryFlow} decide, stores the result and forwards
 * what it wants written. Every input is keyed by queryId; a wall-clock punctuator answers queries
 * whose stage is overdue and expires answered markers, both found through the deadline index
 * ({@link QueryStores}). Reads the global answer cache; the task of partition 0 also purges its
 * expired entries, by forwarding a tombstone (a null value) for each.
 *
 * <p>A step that would write a record over the size limit, or an input whose processing throws,
 * ends its query in an error and is dead-lettered ({@link Containment}); the thread goes on.
 */
final class QueryProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(QueryProcessor.class);

  /** Expired entries are already skipped at lookup; the purge only reclaims their space. */
  static final Duration CACHE_PURGE_INTERVAL = Duration.ofSeconds(30);
  /**
   * Due entries handled per check (every 250 ms by default): bounds one punctuation's transaction
   * after an outage left many due at once; the rest follow at the next checks.
   */
  static final int MAX_DUE_PER_CHECK = 1_000;

  private final QueryFlow flow;
  private final AnswerCachePolicy cachePolicy;
  private final Duration checkInterval;
  private final Duration markerRetention;
  private final RecordSizeGuard guard;
  private final Containment containment;
  private ProcessorContext<String, SpecificRecord> context;
  private QueryStores stores;
  private ReadOnlyKeyValueStore<String, CachedAnswer> cacheStore;
  private AnswerCache answers;

  QueryProcessor(QueryFlow flow, AnswerCachePolicy cachePolicy, Duration checkInterval, Duration markerRetention,
      RecordSizeGuard guard, Containment containment) {
    this.flow = flow;
    this.cachePolicy = cachePolicy;
    this.checkInterval = checkInterval;
    this.markerRetention = markerRetention;
    this.guard = guard;
    this.containment = containment;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.stores = new QueryStores(context.getStateStore(QueryCoordinator.QUERY_PROGRESS_STORE),
        context.getStateStore(QueryCoordinator.QUERY_DEADLINES_STORE), markerRetention);
    // The index lives in memory only: built from the restored query-progress whenever the task starts.
    int indexed = stores.rebuildIndex();
    log.debug("task {}: {} entries of query-progress indexed by deadline", context.taskId(), indexed);
    // Wall clock, not stream time: a stage that never answers produces no records to advance stream time.
    context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::handleDue);
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
    QueryProgressState stored = null;
    QueryProgress progress = null;
    try {
      stored = stores.stored(queryId);
      boolean answered = QueryStores.isMarker(stored);
      progress = stored == null || answered ? null : QueryProgress.fromState(stored);
      apply(queryId, stored, decide(record.key(), value, progress, answered, now), value, now);
    } catch (RuntimeException e) {
      // A bug or a corrupt stored state must cost this query, not the stream thread and every query after it.
      log.error("query {}: processing {} failed", queryId, value.getSchema().getName(), e);
      contain(queryId, stored, progress, value, ErrorMessages.processingFailed(value.getSchema().getName(), e), now);
    }
  }

  private Step<QueryProgress> decide(String key, SpecificRecord value, QueryProgress progress, boolean answered,
      long now) {
    return switch (value) {
      case QueryRequested query -> flow.onQuery(key, query, progress, answered, answers, now);
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

  /** Overdue stages are answered, expired markers dropped: both found by one range scan of the index. */
  private void handleDue(long now) {
    for (DeadlineIndex.Due due : stores.due(now, MAX_DUE_PER_CHECK)) {
      QueryProgressState stored = stores.stored(due.id());
      boolean current = stored != null && stored.getStageDeadline() == due.at()
          && QueryStores.isMarker(stored) == (due.kind() == DeadlineIndex.Kind.ANSWERED);
      if (!current) {
        stores.forget(due); // the query moved on or ended since
        continue;
      }
      if (due.kind() == DeadlineIndex.Kind.ANSWERED) {
        stores.delete(due.id(), stored); // the marker expired
        continue;
      }
      QueryProgress progress = null;
      try {
        progress = QueryProgress.fromState(stored);
        apply(due.id(), stored, flow.onClock(progress, now), null, now);
      } catch (RuntimeException e) {
        log.error("query {}: answering its overdue stage failed", due.id(), e);
        contain(due.id(), stored, progress, null, ErrorMessages.processingFailed("the overdue stage", e), now);
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

  /**
   * Applies {@code step} unless a record it writes is over the size limit; then the query ends in an
   * error instead.
   *
   * @param stored the query's state before the step (null if it had none)
   * @param input the record the step answers, or null for a punctuation
   */
  private void apply(String queryId, QueryProgressState stored, Step<QueryProgress> step, SpecificRecord input,
      long now) {
    QueryProgressState state = step.change() == Step.Change.PUT ? step.state().toState() : null;
    Optional<RecordSizeGuard.Oversize> oversize = guard.check(QueryCoordinator.QUERY_PROGRESS_STORE, state,
        step.emits());
    if (oversize.isPresent()) {
      log.warn("query {}: {}", queryId, ErrorMessages.recordTooLarge(oversize.get()));
      contain(queryId, stored, step.state(), input, ErrorMessages.recordTooLarge(oversize.get()), now);
      return;
    }
    switch (step.change()) {
      case PUT -> stores.put(queryId, stored, state);
      case DELETE -> stores.delete(queryId, stored);
      case KEEP -> { }
    }
    forward(step.emits(), now);
  }

  /**
   * The query cannot go on: its state is deleted, it is answered ERROR with {@code message}, and the
   * input (or, for a punctuation, the stored state) is dead-lettered.
   *
   * @param progress what is known of the query (null when its state could not be read)
   */
  private void contain(String queryId, QueryProgressState stored, QueryProgress progress, SpecificRecord input,
      String message, long now) {
    stores.delete(queryId, stored);
    QueryResponse response = containment.response(queryId, progress, input, message, now);
    forward(Containment.emits(queryId, response, containment.deadLetter(context, queryId, input,
        QueryCoordinator.QUERY_PROGRESS_STORE, stored, message)), now);
  }

  /** Forwards the records; a response also marks its query answered. */
  private void forward(List<Emit> emits, long now) {
    for (Emit emit : emits) {
      if (emit.value() instanceof QueryResponse) {
        stores.markAnswered(emit.key(), now);
      }
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
