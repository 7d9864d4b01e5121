package dev.orkestra.runtime.source;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import org.kohsuke.github.HttpException;

/**
 * Maps what the GitHub client throws to a {@link SourceException}. Messages are built here from
 * status codes and our own words only — never from response bodies or request headers — so no
 * credential can reach a message, a result event or a log line.
 */
final class GitHubErrors {

  static final String ACCESS_DENIED = "access denied or requires authentication";

  private GitHubErrors() {}

  /**
   * @param notFound the message for a 404 (e.g. {@code file not found at path 'x'})
   * @param field the request field a 404 is about ({@code path}, {@code repo}, …)
   */
  static SourceException map(IOException e, String notFound, String field, Duration timeout) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof GitHubRateLimits.Exceeded exceeded) {
        return new SourceException(SourceException.Kind.RATE_LIMITED, exceeded.getMessage(), null,
            exceeded.resetAt(), null);
      }
      if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
        return new SourceException(SourceException.Kind.TIMEOUT,
            "GitHub API call timed out after " + timeout.toMillis() + " ms", null, null, null);
      }
      if (t instanceof InterruptedIOException) {
        // The runtime interrupts a handler that outlived its timeout: keep the flag for it to see.
        Thread.currentThread().interrupt();
        return new SourceException(SourceException.Kind.TIMEOUT, "GitHub API call interrupted", null, null, null);
      }
    }
    int status = status(e);
    if (status == 404) {
      return new SourceException(SourceException.Kind.NOT_FOUND, notFound, field, null, null);
    }
    if (status == 401 || status == 403) {
      return new SourceException(SourceException.Kind.ACCESS_DENIED, ACCESS_DENIED, field, null, null);
    }
    if (status == 429) {
      // A 429 the rate-limit handlers did not see: still a rate limit, reset time unknown.
      return rateLimitedUnknownReset();
    }
    if (status >= 0) {
      return new SourceException(SourceException.Kind.FAILED, "GitHub API request failed (HTTP " + status + ")", null,
          null, null);
    }
    if (hasCause(e, ConnectException.class) || hasCause(e, UnknownHostException.class)) {
      return new SourceException(SourceException.Kind.FAILED, "GitHub API unreachable", null, null, null);
    }
    return new SourceException(SourceException.Kind.FAILED,
        "GitHub API request failed (" + e.getClass().getSimpleName() + ")", null, null, null);
  }

  /** The HTTP status in {@code e}'s chain; 404 for the library's not-found exceptions; -1 if none. */
  static int status(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpException http && http.getResponseCode() > 0) {
        return http.getResponseCode();
      }
      if (t instanceof FileNotFoundException) {
        return 404;
      }
    }
    return -1;
  }

  private static SourceException rateLimitedUnknownReset() {
    GitHubRateLimits.Exceeded exceeded = new GitHubRateLimits.Exceeded(
        GitHubRateLimits.resetAt(null, null, Instant.now()));
    return new SourceException(SourceException.Kind.RATE_LIMITED, exceeded.getMessage(), null, exceeded.resetAt(),
        null);
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
