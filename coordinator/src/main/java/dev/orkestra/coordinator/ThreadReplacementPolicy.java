package dev.orkestra.coordinator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * What to do when a stream thread dies on an exception nothing handled: replace it, at most
 * {@code max} times within {@code window}, then stop the client. A transient cause (the broker gone
 * for a moment, a rebalance gone wrong) is survived; a bug that kills every replacement on the same
 * record stops the client after a few seconds instead of looping, and the host is told.
 */
final class ThreadReplacementPolicy {

  /** Three replacements in ten minutes; a fourth death stops the client. */
  static final int DEFAULT_MAX = 3;
  static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);

  private final int max;
  private final Duration window;
  private final Deque<Long> replacements = new ArrayDeque<>();

  ThreadReplacementPolicy(int max, Duration window) {
    this.max = max;
    this.window = window;
  }

  synchronized StreamThreadExceptionResponse onDeath(long now) {
    forgetOld(now);
    if (replacements.size() >= max) {
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    replacements.addLast(now);
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  /** Threads replaced within the window before {@code now}. */
  synchronized int recent(long now) {
    forgetOld(now);
    return replacements.size();
  }

  Duration window() {
    return window;
  }

  private void forgetOld(long now) {
    while (!replacements.isEmpty() && replacements.peekFirst() <= now - window.toMillis()) {
      replacements.removeFirst();
    }
  }
}
