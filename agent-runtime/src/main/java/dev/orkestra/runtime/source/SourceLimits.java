package dev.orkestra.runtime.source;

import java.time.Duration;

/**
 * Bounds on what a reader fetches: a huge or binary file is refused rather than shipped through
 * Kafka, and every remote call has a timeout. The size is checked from the tree entry (local, the
 * GitHub trees API) or the directory listing (GitHub contents API) before any content is fetched.
 *
 * @param maxFileBytes largest file read (default 900 KiB: room under Kafka's default 1 MiB message
 *     for the event around the file)
 * @param callTimeout limit of one remote call (GitHub: the whole exchange, body included) or of a
 *     clone/fetch's silence
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

  /** {@code file '<path>' is <n> bytes, above the <max>-byte limit}. */
  static SourceException tooLarge(String path, long size, long maxFileBytes) {
    return new SourceException(SourceException.Kind.TOO_LARGE, "file '" + path + "' is " + size
        + " bytes, above the " + maxFileBytes + "-byte limit", "path", null, null);
  }
}
