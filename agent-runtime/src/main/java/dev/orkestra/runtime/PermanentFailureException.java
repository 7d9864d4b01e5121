package dev.orkestra.runtime;

/** Retrying cannot help (missing file, access denied, …): report a failure event at once. */
public class PermanentFailureException extends Exception {

  private final String code;

  public PermanentFailureException(String code, String reason) {
    super(reason);
    this.code = code;
  }

  public PermanentFailureException(String code, String reason, Throwable cause) {
    super(reason, cause);
    this.code = code;
  }

  /** Short machine-readable code, e.g. {@code not_found}. */
  public String code() {
    return code;
  }
}
