package dev.orkestra.runtime.source;

import java.time.Instant;

/**
 * Why a source could not be read, in the terms the answer needs: NOT_FOUND and ACCESS_DENIED become
 * {@code not_available}, RATE_LIMITED an {@code error} with the reset time, INVALID an {@code error}
 * naming the field. Messages never contain credentials.
 *
 * <p>An INVALID exception keeps its field and its reason apart ({@link #field()}, {@link #reason()}):
 * callers that name the field their own way (a request field, a CLI option) use the reason as it is,
 * rather than cutting the {@code invalid <field>: } prefix off the message.
 */
public class SourceException extends Exception {

  public enum Kind { NOT_FOUND, ACCESS_DENIED, RATE_LIMITED, INVALID, NOT_TEXT, TOO_LARGE, TIMEOUT, FAILED }

  private final Kind kind;
  private final String field;
  private final String reason;
  private final Instant resetAt;

  public SourceException(Kind kind, String message) {
    this(kind, message, null, null, null);
  }

  public SourceException(Kind kind, String message, String field, Instant resetAt, Throwable cause) {
    this(kind, message, field, message, resetAt, cause);
  }

  private SourceException(Kind kind, String message, String field, String reason, Instant resetAt, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.field = field;
    this.reason = reason;
    this.resetAt = resetAt;
  }

  /** {@code invalid <field>: <reason>}. */
  public static SourceException invalid(String field, String reason) {
    return new SourceException(Kind.INVALID, "invalid " + field + ": " + reason, field, reason, null, null);
  }

  public Kind kind() {
    return kind;
  }

  /** The request field at fault, for INVALID (also set on some NOT_FOUND: {@code path}, {@code ref}, {@code repo}). */
  public String field() {
    return field;
  }

  /** What is wrong, without the field: for INVALID the reason given, otherwise the whole message. */
  public String reason() {
    return reason;
  }

  /** When a rate limit resets, for RATE_LIMITED. */
  public Instant resetAt() {
    return resetAt;
  }
}
