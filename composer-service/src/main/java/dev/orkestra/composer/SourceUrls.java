package dev.orkestra.composer;

import dev.orkestra.events.common.RepoKind;
import dev.orkestra.runtime.source.UrlPaths;

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
    return base + UrlPaths.encode(trimSlashes(path)) + fragment;
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
