package dev.orkestra.verifier;

import dev.orkestra.events.query.Excerpt;
import dev.orkestra.events.query.ReadStatus;
import dev.orkestra.runtime.source.LineRange;

/**
 * The verifier's decision: does the claimed excerpt equal what the verifier read itself? Exact
 * comparison only — the blob SHA, the range's text character for character (strictly decoded
 * UTF-8, so byte for byte) and the file's line count. Nothing is trimmed or normalised: an excerpt
 * that differs by a trailing space or a {@code '\r'} is not the file's content.
 */
public final class ExcerptComparison {

  private ExcerptComparison() {}

  /**
   * @param readStatus OK when the read succeeded (even if it did not match), OUT_OF_RANGE when the
   *     claimed range is not in the file
   * @param reason what differed, for people; null on a match
   * @param confirmedLines the range as the verifier read it; set only on a match
   */
  public record Verdict(boolean match, ReadStatus readStatus, String reason, String confirmedLines) {}

  /**
   * @param claimed the extractor's excerpt (its range already validated)
   * @param blobSha the blob SHA the verifier read at the commit
   * @param text the whole file as the verifier read it
   */
  public static Verdict compare(Excerpt claimed, String blobSha, String text) {
    LineRange range = LineRange.of(claimed.getStartLine(), claimed.getEndLine());
    int lineCount = LineRange.lineCount(text);
    boolean blobChanged = !blobSha.equals(claimed.getBlobSha());
    String blobDifference = "blob SHA changed: claimed " + claimed.getBlobSha() + ", read " + blobSha;
    if (!range.fitsIn(lineCount)) {
      String reason = "range beyond the file: " + range.describe() + " of '" + claimed.getPath() + "', which has "
          + lineCount + (lineCount == 1 ? " line" : " lines");
      return new Verdict(false, ReadStatus.OUT_OF_RANGE, blobChanged ? reason + "; " + blobDifference : reason, null);
    }
    String actual = range.slice(text);
    Integer differing = firstDifferingLine(claimed.getText(), actual, range.firstLine(),
        range.wholeFile() ? Math.max(lineCount, 1) : range.endLine());
    if (blobChanged) {
      return new Verdict(false, ReadStatus.OK, blobDifference
          + (differing != null ? "; first differing line: " + differing : "; " + range.describe() + " unchanged"), null);
    }
    if (differing != null) {
      return new Verdict(false, ReadStatus.OK, "text differs from the file at line " + differing, null);
    }
    if (claimed.getLineCount() != lineCount) {
      return new Verdict(false, ReadStatus.OK,
          "line count differs: claimed " + claimed.getLineCount() + ", the file has " + lineCount, null);
    }
    return new Verdict(true, ReadStatus.OK, null, actual);
  }

  /**
   * The file line number of the first line where the two texts differ, or null when they are
   * equal. Where one text is a prefix of the other, the first line past the shorter — capped at
   * {@code lastLine}, so a difference in a final line's terminator names that line.
   */
  static Integer firstDifferingLine(String claimed, String actual, int firstLine, int lastLine) {
    if (claimed.equals(actual)) {
      return null;
    }
    String[] a = claimed.split("\n", -1);
    String[] b = actual.split("\n", -1);
    int i = 0;
    while (i < a.length && i < b.length && a[i].equals(b[i])) {
      i++;
    }
    return Math.min(firstLine + i, lastLine);
  }
}
