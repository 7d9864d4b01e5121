package dev.orkestra.coordinator.query;

import dev.orkestra.coordinator.StageTimeouts;
import dev.orkestra.coordinator.query.state.QueryStage;
import java.time.Duration;
import java.time.Instant;

/** When each stage of a query is overdue, and how long state about a query may matter at all. */
public final class DeadlinePolicy {

  /** A query older than this when first read is answered with an error instead of being run. */
  static final Duration MIN_QUERY_AGE = Duration.ofMinutes(10);

  private final StageTimeouts timeouts;

  public DeadlinePolicy(StageTimeouts timeouts) {
    this.timeouts = timeouts;
  }

  public Duration timeout(QueryStage stage) {
    return switch (stage) {
      case RETRIEVAL -> timeouts.retrieval();
      case VERIFICATION -> timeouts.verification();
      case SYNTHESIS -> timeouts.synthesis();
      case COMPOSITION -> timeouts.composition();
      case AUDIT, UNKNOWN, ANSWERED -> timeouts.audit();
    };
  }

  /** Deadline (epoch ms) of {@code stage} entered at {@code now}: its timeout, or the query's deadline if earlier. */
  public long deadline(QueryStage stage, long now, Instant queryDeadline) {
    long stageDeadline = now + timeout(stage).toMillis();
    return queryDeadline == null ? stageDeadline : Math.min(stageDeadline, queryDeadline.toEpochMilli());
  }

  public boolean overdue(long deadline, long now) {
    return now >= deadline;
  }

  /**
   * The oldest query worth running: a coordinator with a new application id starts reading
   * {@code orkestra.queries} from the beginning, and must not pay for a week of old questions.
   */
  public Duration maxQueryAge() {
    Duration total = timeouts.total();
    return total.compareTo(MIN_QUERY_AGE) > 0 ? total : MIN_QUERY_AGE;
  }

  /**
   * How long per-candidate state is kept: no query waits for a candidate longer than all its
   * stages together, and until then a finished entry still absorbs duplicate results.
   */
  public Duration candidateRetention() {
    return timeouts.total();
  }
}
