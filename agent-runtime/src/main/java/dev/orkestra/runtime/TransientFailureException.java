package dev.orkestra.runtime;

/** A failure that may pass (timeout, rate limit, connection reset): retried with backoff. */
public class TransientFailureException extends Exception {

  public TransientFailureException(String reason) {
    super(reason);
  }

  public TransientFailureException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
