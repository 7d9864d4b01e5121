package dev.orkestra.coordinator.task;

/**
 * A routing table that cannot be used; the message names the file, the rule and the field. Thrown
 * only while a table is loaded (at start-up), never while a task is routed.
 */
public final class RoutingTableException extends IllegalArgumentException {

  public RoutingTableException(String message) {
    super(message);
  }

  public RoutingTableException(String message, Throwable cause) {
    super(message, cause);
  }
}
