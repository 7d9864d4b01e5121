package dev.orkestra.runtime;

/**
 * How a running service is doing, as {@code orkestra up} and {@code doctor} show it.
 *
 * @param name the service, e.g. {@code coordinator}
 * @param detail one line a person can act on, e.g. {@code Streams ERROR: RecordTooLargeException: ...}
 */
public record ServiceHealth(String name, Status status, String detail) {

  public enum Status {
    /** Working. */
    UP,
    /** Working, but not fully (rebalancing, a thread replaced lately): worth a look, not an exit. */
    DEGRADED,
    /** Not working, and it will not recover by itself: the host should say so and exit non-zero. */
    DOWN
  }
}
