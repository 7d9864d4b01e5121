package dev.orkestra.runtime;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter between in-process retries.
 *
 * <p>Full jitter (a uniform delay in [0, cap]) spreads retries of many workers that failed
 * together — a rate-limited model endpoint, say — instead of sending them back in lockstep.
 */
public record Backoff(Duration initial, Duration max, double multiplier) {

  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), 2.0);

  public Backoff {
    if (initial.isNegative() || max.compareTo(initial) < 0 || multiplier < 1.0) {
      throw new IllegalArgumentException("backoff needs 0 <= initial <= max and multiplier >= 1");
    }
  }

  /** The cap for the delay before attempt {@code nextAttempt} (2 = first retry). */
  public Duration cap(int nextAttempt) {
    double factor = Math.pow(multiplier, Math.max(0, nextAttempt - 2));
    double millis = Math.min(max.toMillis(), initial.toMillis() * factor);
    return Duration.ofMillis((long) millis);
  }

  /** A jittered delay in [0, cap(nextAttempt)]. */
  public Duration delay(int nextAttempt, RandomGenerator random) {
    long cap = cap(nextAttempt).toMillis();
    return Duration.ofMillis(cap == 0 ? 0 : random.nextLong(cap + 1));
  }
}
