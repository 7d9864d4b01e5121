package dev.orkestra.runtime;

/**
 * The request turned out to have its outcome in the action log already (written by another delivery
 * a moment ago, or before a broker crash reset its delivery count): the handler stops before it pays
 * for a model call, and the delivery is acknowledged without a second result.
 */
final class AlreadyHandledException extends RuntimeException {
  AlreadyHandledException(String message) {
    super(message, null, false, false);
  }
}
