package dev.orkestra.runtime.source;

/**
 * A 1-based, inclusive line range of a text file, or the whole file — and the one definition of a
 * "line" the extractor and the verifier share, so that "verbatim" means the same thing on both
 * sides of the comparison.
 *
 * <p><b>Lines.</b> Text is split at {@code '\n'} only. A final {@code '\n'} ends the last line; it
 * does not start an empty one (git's and GitHub's line numbering): {@code "a\nb\n"} and
 * {@code "a\nb"} both have 2 lines, {@code ""} has 0, {@code "\n"} has 1 (empty). A {@code '\r'}
 * is content, not part of the terminator: a CRLF file's lines keep their {@code '\r'}.
 *
 * <p><b>Slices.</b> The whole file is its text unchanged, byte for byte, trailing newline
 * included. A range is the exact characters from the first character of {@code startLine} through
 * the last character of {@code endLine}: the lines joined by their original {@code '\n'}, without
 * the terminator of {@code endLine} (its {@code '\r'}, if any, stays). So a slice is always a
 * contiguous part of the file and two readers of the same blob produce equal strings.
 */
public record LineRange(Integer startLine, Integer endLine) {

  public static final LineRange WHOLE_FILE = new LineRange(null, null);

  /** A range that cannot be a range; {@link #field()} names the bound at fault. */
  public static final class InvalidRangeException extends IllegalArgumentException {
    private final String field;

    InvalidRangeException(String field, String message) {
      super(message);
      this.field = field;
    }

    /** {@code startLine} or {@code endLine}. */
    public String field() {
      return field;
    }
  }

  public LineRange {
    if (startLine == null && endLine != null) {
      throw new InvalidRangeException("startLine", "must be set when endLine is (both null = the whole file)");
    }
    if (startLine != null && endLine == null) {
      throw new InvalidRangeException("endLine", "must be set when startLine is (both null = the whole file)");
    }
    if (startLine != null && startLine < 1) {
      throw new InvalidRangeException("startLine", "lines are numbered from 1, was " + startLine);
    }
    if (startLine != null && endLine < startLine) {
      throw new InvalidRangeException("endLine", "must not be before startLine, was " + startLine + "-" + endLine);
    }
  }

  public static LineRange of(Integer startLine, Integer endLine) {
    return startLine == null && endLine == null ? WHOLE_FILE : new LineRange(startLine, endLine);
  }

  public boolean wholeFile() {
    return startLine == null;
  }

  /** Number of lines of {@code text}, as defined above. */
  public static int lineCount(String text) {
    int newlines = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        newlines++;
      }
    }
    return text.isEmpty() || text.charAt(text.length() - 1) == '\n' ? newlines : newlines + 1;
  }

  /** Whether the range lies inside a file of {@code lineCount} lines (the whole file always does). */
  public boolean fitsIn(int lineCount) {
    return wholeFile() || endLine <= lineCount;
  }

  /** The verbatim text of this range of {@code text}; fails when it does not {@linkplain #fitsIn fit}. */
  public String slice(String text) {
    if (wholeFile()) {
      return text;
    }
    int count = lineCount(text);
    if (!fitsIn(count)) {
      throw new IndexOutOfBoundsException(describe() + " of a text with " + count + " lines");
    }
    int start = lineStart(text, startLine);
    int end = start;
    for (int line = startLine; ; line++) {
      int newline = text.indexOf('\n', end);
      if (newline < 0) {
        end = text.length();
        break;
      }
      end = newline;
      if (line == endLine) {
        break;
      }
      end = newline + 1;
    }
    return text.substring(start, end);
  }

  /** First line this range covers (1 for the whole file). */
  public int firstLine() {
    return wholeFile() ? 1 : startLine;
  }

  /** "lines 45-60", "line 7" or "the whole file", for reasons people read. */
  public String describe() {
    if (wholeFile()) {
      return "the whole file";
    }
    return startLine.equals(endLine) ? "line " + startLine : "lines " + startLine + "-" + endLine;
  }

  private static int lineStart(String text, int line) {
    int offset = 0;
    for (int i = 1; i < line; i++) {
      offset = text.indexOf('\n', offset) + 1;
    }
    return offset;
  }
}
