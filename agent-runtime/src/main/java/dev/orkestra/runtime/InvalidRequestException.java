package dev.orkestra.runtime;

/** The request itself is wrong (a field fails validation): no retry can help. */
public class InvalidRequestException extends PermanentFailureException {

  private final String field;

  public InvalidRequestException(String field, String reason) {
    super("invalid_" + field, "invalid " + field + ": " + reason);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
