package dev.orkestra.runtime.source;

import java.time.Instant;

/**
 * Why a source could not be read, in the terms the answer needs: NOT_FOUND and ACCESS_DENIED become
 * {@code not_available}, RATE_LIMITED an {@code error} with the reset time, INVALID an {@code error}
 * naming the field. Messages never contain credentials.
 */
public class SourceException extends Exception {

  public enum Kind { NOT_FOUND, ACCESS_DENIED, RATE_LIMITED, INVALID, NOT_TEXT, TOO_LARGE, TIMEOUT, FAILED }

  private final Kind kind;
  private final String field;
  private final Instant resetAt;

  public SourceException(Kind kind, String message) {
    this(kind, message, null, null, null);
  }

  public SourceException(Kind kind, String message, String field, Instant resetAt, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.field = field;
    this.resetAt = resetAt;
  }

  public static SourceException invalid(String field, String reason) {
    return new SourceException(Kind.INVALID, "invalid " + field + ": " + reason, field, null, null);
  }

  public Kind kind() {
    return kind;
  }

  /** The request field at fault, for INVALID. */
  public String field() {
    return field;
  }

  /** When a rate limit resets, for RATE_LIMITED. */
  public Instant resetAt() {
    return resetAt;
  }
}
