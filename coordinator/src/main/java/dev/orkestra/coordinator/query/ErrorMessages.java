package dev.orkestra.coordinator.query;

import dev.orkestra.coordinator.query.state.QueryStage;
import dev.orkestra.coordinator.streams.RecordSizeGuard;
import dev.orkestra.events.query.RuleViolation;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The {@code ERROR: ...} texts the coordinator answers with (seed 000 style). */
public final class ErrorMessages {

  public static final String PREFIX = "ERROR: ";
  /** An exception's message can be anything; a response message stays readable. */
  private static final int MAX_MESSAGE = 500;

  private ErrorMessages() {}

  /** An invalid request, naming the field: {@code ERROR: invalid path: must be relative}. */
  public static String invalid(String field, String reason) {
    return PREFIX + "invalid " + field + ": " + reason;
  }

  /** {@code reason} with the prefix, unless a role already wrote it with one. */
  public static String of(String reason) {
    String text = reason == null || reason.isBlank() ? "unknown error" : reason.strip();
    return text.startsWith(PREFIX) ? text : PREFIX + text;
  }

  /** Seed 000's {@code handle_retriever_error}: {@code ERROR: Retriever failed - <reason>}. */
  public static String retrieverFailed(String reason) {
    return roleFailed("retriever", reason);
  }

  /** A role that gave up on a request: {@code ERROR: Composer failed - <reason>}. */
  public static String roleFailed(String role, String reason) {
    String name = role.isEmpty() ? "role" : role.substring(0, 1).toUpperCase(Locale.ROOT) + role.substring(1);
    return PREFIX + name + " failed - " + (reason == null || reason.isBlank() ? "no reason given" : reason.strip());
  }

  /**
   * A stage that did not answer in time: {@code ERROR: verification stage did not answer within
   * 30s (1/3 candidates verified)}.
   */
  public static String stageTimedOut(QueryStage stage, Duration budget, CandidateTally tally) {
    String text = PREFIX + stageName(stage) + " stage did not answer within " + format(budget);
    if (stage == QueryStage.VERIFICATION) {
      text += " (" + tally.verified() + "/" + tally.total() + " candidates verified)";
    }
    return text;
  }

  /** {@code ERROR: audit failed: <rule>: <message>} naming the first violation (all are in {@code violations}). */
  public static String auditFailed(List<RuleViolation> violations) {
    if (violations.isEmpty()) {
      return PREFIX + "audit failed: unspecified: the auditor gave no reason";
    }
    RuleViolation first = violations.getFirst();
    return PREFIX + "audit failed: " + first.getRule() + ": " + first.getMessage();
  }

  /** A query read long after it was submitted (e.g. a new coordinator replaying history). */
  public static String expired(Duration age, Duration maxAge) {
    return PREFIX + "query expired: submitted " + format(age) + " ago, the coordinator answers queries up to "
        + format(maxAge) + " old";
  }

  /**
   * A record the query needed was larger than the coordinator may write: {@code ERROR: coordinator
   * could not write QueryProgressState to store query-progress: 1575082 bytes, above the
   * 1000000-byte record limit}.
   */
  public static String recordTooLarge(RecordSizeGuard.Oversize oversize) {
    return PREFIX + oversize.reason();
  }

  /** The coordinator itself failed on this query: {@code ERROR: coordinator failed processing X: Y: message}. */
  public static String processingFailed(String what, Throwable error) {
    String message = error.getMessage() == null ? "" : ": " + error.getMessage().strip();
    String text = PREFIX + "coordinator failed processing " + what + ": " + error.getClass().getSimpleName() + message;
    return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "…";
  }

  static String stageName(QueryStage stage) {
    return switch (stage) {
      case RETRIEVAL -> "retrieval";
      case VERIFICATION -> "verification";
      case SYNTHESIS -> "synthesis";
      case COMPOSITION -> "composition";
      case AUDIT -> "audit";
      case ANSWERED -> "answered";
      case UNKNOWN -> "unknown";
    };
  }

  /** 30s, 1.5s, 250ms, 10m: short and exact enough for a person. */
  static String format(Duration duration) {
    long ms = Math.max(0, duration.toMillis());
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
  }
}
