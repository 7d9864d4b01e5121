package dev.orkestra.runtime.source;

import dev.orkestra.events.query.ReadStatus;

/**
 * How a failed read is reported on the question pipeline. Answers-shaped failures (missing,
 * denied, out of range, not text, rate limited) become a result with that status; timeouts and
 * other failures may pass, so role services retry them instead of reporting.
 */
public final class ReadStatuses {

  private ReadStatuses() {}

  public static ReadStatus of(SourceException.Kind kind) {
    return switch (kind) {
      case NOT_FOUND -> ReadStatus.NOT_FOUND;
      case ACCESS_DENIED -> ReadStatus.ACCESS_DENIED;
      case RATE_LIMITED -> ReadStatus.RATE_LIMITED;
      case NOT_TEXT, TOO_LARGE -> ReadStatus.NOT_TEXT;
      case INVALID, TIMEOUT, FAILED -> ReadStatus.FAILED;
    };
  }

  /** Whether retrying the read may help (a timeout, a 5xx, a dropped connection). */
  public static boolean isTransient(SourceException.Kind kind) {
    return kind == SourceException.Kind.TIMEOUT || kind == SourceException.Kind.FAILED;
  }
}
