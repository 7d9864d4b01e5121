package dev.orkestra.coordinator.query;

import dev.orkestra.coordinator.query.state.QueryProgressState;
import dev.orkestra.coordinator.query.state.QueryStage;
import dev.orkestra.coordinator.streams.DeadlineIndex;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The query processor's stores, kept in step. {@code query-progress} holds each query in flight
 * and, once it is answered, a marker (stage ANSWERED, expiring {@code DeadlinePolicy.maxQueryAge()}
 * later) so that a {@code QueryRequested} published again is not run again. {@code query-deadlines}
 * ({@link DeadlineIndex}) holds, by time, when each entry of {@code query-progress} falls due (a
 * stage deadline, a marker's expiry).
 *
 * <p>The index is derived data, in memory and without a changelog: {@link #rebuildIndex} builds it
 * from {@code query-progress} whenever the task starts (after restoring, after a crash, on another
 * instance), so it can never disagree with what the changelog restored — and adding it added no
 * logged store, which under exactly-once would have made every existing task look corrupted on the
 * first start after the upgrade.
 */
final class QueryStores {

  private static final ByteBuffer NONE = ByteBuffer.allocate(0);

  private final KeyValueStore<String, QueryProgressState> progress;
  private final DeadlineIndex deadlines;
  private final Duration markerRetention;

  QueryStores(KeyValueStore<String, QueryProgressState> progress, KeyValueStore<String, String> deadlines,
      Duration markerRetention) {
    this.progress = progress;
    this.deadlines = new DeadlineIndex(deadlines);
    this.markerRetention = markerRetention;
  }

  /** The entry of {@code queryId}: its state in flight, its answered marker, or null. */
  QueryProgressState stored(String queryId) {
    return queryId == null ? null : progress.get(queryId);
  }

  static boolean isMarker(QueryProgressState stored) {
    return stored != null && stored.getStage() == QueryStage.ANSWERED;
  }

  /** Stores {@code next} in place of {@code previous} (null: none), moving the query's deadline entry. */
  void put(String queryId, QueryProgressState previous, QueryProgressState next) {
    if (previous != null && previous.getStageDeadline() != next.getStageDeadline()) {
      deadlines.remove(kind(previous), queryId, previous.getStageDeadline());
    }
    if (previous == null || previous.getStageDeadline() != next.getStageDeadline()) {
      deadlines.add(kind(next), queryId, next.getStageDeadline());
    }
    progress.put(queryId, next);
  }

  /** Removes the entry of {@code queryId} ({@code previous}, null: none), marker or not. */
  void delete(String queryId, QueryProgressState previous) {
    if (previous != null) {
      deadlines.remove(kind(previous), queryId, previous.getStageDeadline());
    }
    progress.delete(queryId);
  }

  /**
   * The query was answered at {@code now}: its entry becomes a marker, and a re-publish of it is
   * ignored until the marker expires.
   */
  void markAnswered(String queryId, long now) {
    if (queryId == null) {
      return;
    }
    QueryProgressState previous = progress.get(queryId);
    if (isMarker(previous)) {
      return;
    }
    put(queryId, previous, QueryProgressState.newBuilder()
        .setRequest(NONE)
        .setStage(QueryStage.ANSWERED)
        .setStageStartedAt(now)
        .setStageDeadline(now + markerRetention.toMillis())
        .setLastCause(NONE)
        .build());
  }

  /** At most {@code max} entries due by {@code now}, earliest first. */
  List<DeadlineIndex.Due> due(long now, int max) {
    return deadlines.due(now, max);
  }

  /** Drops an index entry that needs nothing more: its query moved on or ended since. */
  void forget(DeadlineIndex.Due due) {
    deadlines.remove(due.kind(), due.id(), due.at());
  }

  /** Indexes every entry of {@code query-progress}; the index must be empty (a task starting). Returns how many. */
  int rebuildIndex() {
    List<KeyValue<String, QueryProgressState>> entries = new ArrayList<>();
    try (KeyValueIterator<String, QueryProgressState> all = progress.all()) {
      all.forEachRemaining(entries::add);
    }
    entries.forEach(entry -> deadlines.add(kind(entry.value), entry.key, entry.value.getStageDeadline()));
    return entries.size();
  }

  private static DeadlineIndex.Kind kind(QueryProgressState state) {
    return isMarker(state) ? DeadlineIndex.Kind.ANSWERED : DeadlineIndex.Kind.STAGE;
  }
}
