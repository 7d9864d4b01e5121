package dev.orkestra.runtime.source;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.kohsuke.github.GHIOException;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * Fail-fast handlers for GitHub's rate limits. The library's defaults sleep until the limit resets
 * — up to an hour inside a role handler, far past its timeout — so these throw {@link Exceeded}
 * with the reset time instead, and the answer says when to try again.
 */
final class GitHubRateLimits {

  /** Used when GitHub says neither when the limit resets nor how long to wait. */
  static final Duration UNKNOWN_WAIT = Duration.ofSeconds(60);

  private GitHubRateLimits() {}

  /** A rate limit stopped the call. Extends GHIOException so the library passes it through unwrapped. */
  static final class Exceeded extends GHIOException {
    private final Instant resetAt;

    Exceeded(Instant resetAt) {
      super("GitHub API rate limit exceeded. Resets at " + resetAt);
      this.resetAt = resetAt;
    }

    Instant resetAt() {
      return resetAt;
    }
  }

  /** The primary limit: 403 with {@code X-RateLimit-Remaining: 0}. */
  static GitHubRateLimitHandler primary(Clock clock) {
    return new GitHubRateLimitHandler() {
      @Override
      public void onError(GitHubConnectorResponse response) throws IOException {
        throw exceeded(response, clock);
      }
    };
  }

  /** Secondary limits: any 429, or a 403 with {@code Retry-After}. */
  static GitHubAbuseLimitHandler secondary(Clock clock) {
    return new GitHubAbuseLimitHandler() {
      @Override
      public void onError(GitHubConnectorResponse response) throws IOException {
        throw exceeded(response, clock);
      }
    };
  }

  private static Exceeded exceeded(GitHubConnectorResponse response, Clock clock) {
    return new Exceeded(resetAt(response.header("X-RateLimit-Reset"), response.header("Retry-After"), clock.instant()));
  }

  /**
   * When the limit lifts: {@code Retry-After} seconds from now when GitHub sends it (it does for
   * secondary limits, and then that is the wait it wants), else the {@code X-RateLimit-Reset}
   * epoch second, else a minute from now. Whole seconds: the message shows an ISO instant.
   */
  static Instant resetAt(String rateLimitReset, String retryAfter, Instant now) {
    Long wait = seconds(retryAfter);
    if (wait != null) {
      return now.plusSeconds(wait).truncatedTo(ChronoUnit.SECONDS);
    }
    Long reset = seconds(rateLimitReset);
    if (reset != null) {
      return Instant.ofEpochSecond(reset);
    }
    return now.plus(UNKNOWN_WAIT).truncatedTo(ChronoUnit.SECONDS);
  }

  private static Long seconds(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      long value = Long.parseLong(header.trim());
      return value >= 0 ? value : null;
    } catch (NumberFormatException e) {
      return null; // Retry-After may also be an HTTP date; GitHub sends seconds
    }
  }
}
