package dev.orkestra.composer;

import dev.orkestra.events.query.Excerpt;

/**
 * The lines a verified excerpt covers. An excerpt read as a whole file has no range of its own; it
 * covers lines 1 to its line count, and its permalink points at the file rather than at lines.
 */
public record ExcerptRange(int startLine, int endLine, boolean wholeFile) {

  public static ExcerptRange of(Excerpt excerpt) {
    if (excerpt.getStartLine() != null && excerpt.getEndLine() != null) {
      return new ExcerptRange(excerpt.getStartLine(), excerpt.getEndLine(), false);
    }
    return new ExcerptRange(1, excerpt.getLineCount(), true);
  }
}
