package dev.orkestra.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.query.Excerpt;
import dev.orkestra.events.query.ReadStatus;
import dev.orkestra.runtime.source.GitRepoBuilder;
import dev.orkestra.runtime.source.LineRange;
import org.junit.jupiter.api.Test;

class ExcerptComparisonTest {

  private static final String FILE = "one\ntwo\nthree\nfour\nfive\n";
  private static final String SHA = GitRepoBuilder.blobSha(FILE);

  @Test
  void matchesWhenBlobTextAndLineCountAreExactlyTheFiles() {
    ExcerptComparison.Verdict verdict = ExcerptComparison.compare(claim(2, 4, "two\nthree\nfour", SHA, 5), SHA, FILE);

    assertThat(verdict).isEqualTo(new ExcerptComparison.Verdict(true, ReadStatus.OK, null, "two\nthree\nfour"));
  }

  @Test
  void matchesTheWholeFileByteForByteIncludingItsTrailingNewline() {
    assertThat(ExcerptComparison.compare(claim(null, null, FILE, SHA, 5), SHA, FILE).match()).isTrue();
    assertThat(ExcerptComparison.compare(claim(null, null, FILE.strip(), SHA, 5), SHA, FILE))
        .satisfies(v -> assertThat(v.match()).isFalse())
        .satisfies(v -> assertThat(v.reason()).isEqualTo("text differs from the file at line 5"));
  }

  @Test
  void aChangedBlobNeverMatchesAndNamesTheFirstDifferingLine() {
    String changed = "one\ntwo\nTHREE\nfour\nfive\n";
    String changedSha = GitRepoBuilder.blobSha(changed);

    ExcerptComparison.Verdict verdict = ExcerptComparison.compare(claim(2, 4, "two\nthree\nfour", SHA, 5), changedSha,
        changed);

    assertThat(verdict.match()).isFalse();
    assertThat(verdict.readStatus()).isEqualTo(ReadStatus.OK);
    assertThat(verdict.reason()).isEqualTo("blob SHA changed: claimed " + SHA + ", read " + changedSha
        + "; first differing line: 3");
    assertThat(verdict.confirmedLines()).isNull();
  }

  @Test
  void aChangedBlobWithAnUnchangedRangeStillDoesNotMatch() {
    String changed = FILE + "six\n";
    ExcerptComparison.Verdict verdict = ExcerptComparison.compare(claim(1, 2, "one\ntwo", SHA, 5),
        GitRepoBuilder.blobSha(changed), changed);

    assertThat(verdict.match()).isFalse();
    assertThat(verdict.reason()).endsWith("; lines 1-2 unchanged");
  }

  @Test
  void sameBlobButAlteredTextNamesTheLine() {
    assertThat(ExcerptComparison.compare(claim(2, 4, "two\nthree \nfour", SHA, 5), SHA, FILE).reason())
        .isEqualTo("text differs from the file at line 3");
    assertThat(ExcerptComparison.compare(claim(2, 4, "two\nthree", SHA, 5), SHA, FILE).reason())
        .isEqualTo("text differs from the file at line 4");
    assertThat(ExcerptComparison.compare(claim(1, 1, "one\r", SHA, 5), SHA, FILE).reason())
        .isEqualTo("text differs from the file at line 1");
  }

  @Test
  void aRangeBeyondTheFileIsOutOfRange() {
    ExcerptComparison.Verdict verdict = ExcerptComparison.compare(claim(4, 9, "x", SHA, 9), SHA, FILE);

    assertThat(verdict.match()).isFalse();
    assertThat(verdict.readStatus()).isEqualTo(ReadStatus.OUT_OF_RANGE);
    assertThat(verdict.reason()).isEqualTo("range beyond the file: lines 4-9 of 'a.txt', which has 5 lines");
  }

  @Test
  void aWrongLineCountDoesNotMatch() {
    assertThat(ExcerptComparison.compare(claim(1, 1, "one", SHA, 6), SHA, FILE).reason())
        .isEqualTo("line count differs: claimed 6, the file has 5");
  }

  @Test
  void firstDifferingLineIsCappedAtTheRange() {
    assertThat(ExcerptComparison.firstDifferingLine("a\nb", "a\nb", 10, 11)).isNull();
    assertThat(ExcerptComparison.firstDifferingLine("a\nX", "a\nb", 10, 11)).isEqualTo(11);
    assertThat(ExcerptComparison.firstDifferingLine("a\n", "a", 1, 1)).isEqualTo(1);
    assertThat(LineRange.lineCount("a\n")).isEqualTo(LineRange.lineCount("a"));
  }

  private static Excerpt claim(Integer start, Integer end, String text, String blobSha, int lineCount) {
    return Excerpt.newBuilder().setPath("a.txt").setStartLine(start).setEndLine(end).setText(text).setBlobSha(blobSha)
        .setLineCount(lineCount).build();
  }
}
