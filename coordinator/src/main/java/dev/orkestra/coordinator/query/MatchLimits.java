package dev.orkestra.coordinator.query;

import dev.orkestra.events.query.QueryAction;

/** How many candidates a query may fan out to. */
public final class MatchLimits {

  /** find/explain without {@code maxMatches}. */
  public static final int DEFAULT_MATCHES = 5;
  /**
   * Upper bound whatever the request says: each candidate costs an extraction, a verification and
   * room in the composed answer.
   */
  public static final int MAX_MATCHES = 20;

  private MatchLimits() {}

  /** get_file/get_lines: exactly the named file; find/explain: maxMatches, default 5, capped at 20. */
  public static int maxCandidates(QueryAction action, Integer maxMatches) {
    if (action == QueryAction.GET_FILE || action == QueryAction.GET_LINES) {
      return 1;
    }
    if (maxMatches == null) {
      return DEFAULT_MATCHES;
    }
    return Math.max(1, Math.min(MAX_MATCHES, maxMatches));
  }
}
