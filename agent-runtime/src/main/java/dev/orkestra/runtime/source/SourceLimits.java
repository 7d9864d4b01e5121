package dev.orkestra.runtime.source;

import java.time.Duration;

/**
 * Bounds on what a reader fetches: a huge or binary file is refused rather than shipped through
 * Kafka, and every remote call has a timeout.
 *
 * @param maxFileBytes largest file read (default 1 MiB: Kafka's default message size)
 * @param callTimeout limit of one remote call (GitHub) or clone/fetch
 */
public record SourceLimits(long maxFileBytes, Duration callTimeout) {

  public static final SourceLimits DEFAULT = new SourceLimits(900 * 1024, Duration.ofSeconds(20));

  /** A NUL byte in the first 8000 bytes marks a file as binary, as git itself decides. */
  public static boolean looksBinary(byte[] content) {
    int end = Math.min(content.length, 8000);
    for (int i = 0; i < end; i++) {
      if (content[i] == 0) {
        return true;
      }
    }
    return false;
  }
}
