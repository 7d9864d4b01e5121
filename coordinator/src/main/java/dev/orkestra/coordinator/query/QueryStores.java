package dev.orkestra.coordinator.query;

import dev.orkestra.coordinator.query.state.QueryProgressState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The query processor's three stores, kept in step: {@code query-progress} (queries in flight),
 * {@code query-deadlines} (their stage deadlines and the markers' expiries, by time:
 * {@link DeadlineIndex}) and {@code query-answered} (queryId → when it was answered, so that a
 * {@code QueryRequested} published again after its answer is not run again). A marker is kept for
 * {@code DeadlinePolicy.maxQueryAge()}: a re-publish older than that is answered "expired" anyway.
 */
final class QueryStores {

  private final KeyValueStore<String, QueryProgressState> progress;
  private final DeadlineIndex deadlines;
  private final KeyValueStore<String, Long> answered;
  private final Duration markerRetention;

  QueryStores(KeyValueStore<String, QueryProgressState> progress, KeyValueStore<String, String> deadlines,
      KeyValueStore<String, Long> answered, Duration markerRetention) {
    this.progress = progress;
    this.deadlines = new DeadlineIndex(deadlines);
    this.answered = answered;
    this.markerRetention = markerRetention;
  }

  QueryProgressState stored(String queryId) {
    return queryId == null ? null : progress.get(queryId);
  }

  boolean answered(String queryId) {
    return queryId != null && answered.get(queryId) != null;
  }

  /** Stores {@code next} in place of {@code previous} (null: none), moving the query's deadline entry. */
  void put(String queryId, QueryProgressState previous, QueryProgressState next) {
    if (previous != null && previous.getStageDeadline() != next.getStageDeadline()) {
      deadlines.remove(DeadlineIndex.Kind.STAGE, queryId, previous.getStageDeadline());
    }
    if (previous == null || previous.getStageDeadline() != next.getStageDeadline()) {
      deadlines.add(DeadlineIndex.Kind.STAGE, queryId, next.getStageDeadline());
    }
    progress.put(queryId, next);
  }

  /** The query is no longer in flight. */
  void delete(String queryId, QueryProgressState previous) {
    if (previous != null) {
      deadlines.remove(DeadlineIndex.Kind.STAGE, queryId, previous.getStageDeadline());
    }
    progress.delete(queryId);
  }

  /** The query was answered at {@code now}: a re-publish of it is ignored until the marker expires. */
  void markAnswered(String queryId, long now) {
    if (queryId == null || answered(queryId)) {
      return;
    }
    answered.put(queryId, now);
    deadlines.add(DeadlineIndex.Kind.ANSWERED, queryId, now + markerRetention.toMillis());
  }

  /** At most {@code max} entries due by {@code now}, earliest first. */
  List<DeadlineIndex.Due> due(long now, int max) {
    return deadlines.due(now, max);
  }

  /**
   * Removes an index entry that needs no more action: an expired marker (with the marker), or a
   * stage entry whose query moved on or ended.
   */
  void forget(DeadlineIndex.Due due) {
    if (due.kind() == DeadlineIndex.Kind.ANSWERED) {
      answered.delete(due.queryId());
    }
    deadlines.remove(due.kind(), due.queryId(), due.at());
  }

  /**
   * Indexes the queries in flight when the index is empty: state written by a version without the
   * index (an upgrade), whose deadlines would otherwise never be checked. Returns how many.
   */
  int indexUnindexed() {
    if (!deadlines.isEmpty()) {
      return 0;
    }
    List<KeyValue<String, Long>> inFlight = new ArrayList<>();
    try (KeyValueIterator<String, QueryProgressState> all = progress.all()) {
      all.forEachRemaining(entry -> inFlight.add(KeyValue.pair(entry.key, entry.value.getStageDeadline())));
    }
    inFlight.forEach(entry -> deadlines.add(DeadlineIndex.Kind.STAGE, entry.key, entry.value));
    return inFlight.size();
  }
}
