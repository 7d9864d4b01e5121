package dev.orkestra.composer;

import dev.orkestra.events.common.RepoKind;
import java.nio.charset.StandardCharsets;

/**
 * Permalinks for sources that arrive without one: pinned to the commit, so the link shows exactly
 * the content that was verified even after the branch moves.
 *
 * <ul>
 *   <li>GitHub: {@code https://github.com/<owner/name>/blob/<commit>/<path>#L<s>-L<e>}</li>
 *   <li>local: {@code file://<repo>/<path>#L<s>-L<e>}</li>
 * </ul>
 *
 * A whole-file source gets no line fragment.
 */
public final class SourceUrls {

  private SourceUrls() {}

  public static String permalink(RepoKind kind, String repo, String commit, String path, ExcerptRange range) {
    String base = switch (kind) {
      case GITHUB -> "https://github.com/" + trimSlashes(repo) + "/blob/" + commit + "/";
      case LOCAL -> "file://" + trimTrailingSlash(repo) + "/";
    };
    String fragment = range.wholeFile() ? "" : "#L" + range.startLine() + "-L" + range.endLine();
    return base + encodePath(trimSlashes(path)) + fragment;
  }

  /** Percent-encodes each path segment (spaces, '#', '?' and non-ASCII would otherwise break the link). */
  static String encodePath(String path) {
    StringBuilder out = new StringBuilder(path.length());
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (isPathChar(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  // RFC 3986 unreserved + sub-delims + ':' '@', plus '/' between segments.
  private static boolean isPathChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0;
  }

  private static String trimSlashes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '/') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(start, end);
  }

  private static String trimTrailingSlash(String s) {
    int end = s.length();
    while (end > 1 && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(0, end);
  }
}
