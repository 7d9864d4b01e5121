package dev.orkestra.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LineRangeTest {

  private static final String SIXTY = IntStream.rangeClosed(1, 60).mapToObj(i -> "line " + i)
      .collect(Collectors.joining("\n", "", "\n"));

  @Test
  void countsLinesLikeGitATrailingNewlineEndsTheLastLine() {
    assertThat(LineRange.lineCount("")).isZero();
    assertThat(LineRange.lineCount("\n")).isEqualTo(1);
    assertThat(LineRange.lineCount("a")).isEqualTo(1);
    assertThat(LineRange.lineCount("a\nb")).isEqualTo(2);
    assertThat(LineRange.lineCount("a\nb\n")).isEqualTo(2);
    assertThat(LineRange.lineCount("a\n\n")).isEqualTo(2);
    assertThat(LineRange.lineCount("a\r\nb\r\n")).isEqualTo(2);
    assertThat(LineRange.lineCount("a\rb")).isEqualTo(1);
    assertThat(LineRange.lineCount(SIXTY)).isEqualTo(60);
  }

  @Test
  void slicesTheExactLinesJoinedByTheirOwnNewlines() {
    String expected = IntStream.rangeClosed(45, 60).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
    assertThat(LineRange.of(45, 60).slice(SIXTY)).isEqualTo(expected);
    assertThat(LineRange.of(1, 1).slice(SIXTY)).isEqualTo("line 1");
    assertThat(LineRange.of(60, 60).slice(SIXTY)).isEqualTo("line 60");
    assertThat(LineRange.of(2, 3).slice("a\nb\nc")).isEqualTo("b\nc");
  }

  @Test
  void theWholeFileIsItsTextUnchangedTrailingNewlineIncluded() {
    assertThat(LineRange.WHOLE_FILE.slice(SIXTY)).isSameAs(SIXTY);
    assertThat(LineRange.of(null, null)).isEqualTo(LineRange.WHOLE_FILE);
    assertThat(LineRange.WHOLE_FILE.slice("")).isEmpty();
    assertThat(LineRange.WHOLE_FILE.fitsIn(0)).isTrue();
  }

  @Test
  void keepsCarriageReturnsAndWhitespaceVerbatim() {
    String crlf = "a \r\n\tb\r\nc\r\n";
    assertThat(LineRange.of(1, 2).slice(crlf)).isEqualTo("a \r\n\tb\r");
    assertThat(LineRange.of(3, 3).slice(crlf)).isEqualTo("c\r");
    assertThat(LineRange.of(2, 2).slice("x\n\n  \ny")).isEmpty();
    assertThat(LineRange.of(3, 3).slice("x\n\n  \ny")).isEqualTo("  ");
  }

  @Test
  void aSliceIsAContiguousPartOfTheFile() {
    String text = "α\r\nβ\n\nγ δ\n";
    for (int s = 1; s <= 4; s++) {
      for (int e = s; e <= 4; e++) {
        assertThat(text).contains(LineRange.of(s, e).slice(text));
        assertThat(LineRange.lineCount(LineRange.of(s, e).slice(text) + "\n")).isEqualTo(e - s + 1);
      }
    }
  }

  @Test
  void knowsWhetherItFitsAndRefusesToSliceBeyondTheFile() {
    assertThat(LineRange.of(45, 60).fitsIn(60)).isTrue();
    assertThat(LineRange.of(45, 61).fitsIn(60)).isFalse();
    assertThatThrownBy(() -> LineRange.of(2, 2).slice("only\n")).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void rejectsRangesThatAreNotRangesNamingTheBound() {
    assertThatThrownBy(() -> LineRange.of(0, 3)).isInstanceOfSatisfying(LineRange.InvalidRangeException.class,
        e -> assertThat(e.field()).isEqualTo("startLine"));
    assertThatThrownBy(() -> LineRange.of(5, 3)).isInstanceOfSatisfying(LineRange.InvalidRangeException.class,
        e -> assertThat(e.field()).isEqualTo("endLine"));
    assertThatThrownBy(() -> LineRange.of(5, null)).isInstanceOfSatisfying(LineRange.InvalidRangeException.class,
        e -> assertThat(e.field()).isEqualTo("endLine"));
    assertThatThrownBy(() -> LineRange.of(null, 5)).isInstanceOfSatisfying(LineRange.InvalidRangeException.class,
        e -> assertThat(e.field()).isEqualTo("startLine"));
  }

  @Test
  void describesItselfForPeople() {
    assertThat(LineRange.of(45, 60).describe()).isEqualTo("lines 45-60");
    assertThat(LineRange.of(7, 7).describe()).isEqualTo("line 7");
    assertThat(LineRange.WHOLE_FILE.describe()).isEqualTo("the whole file");
  }

  @Test
  void decodesStrictUtf8AndRefusesAnythingElse() throws Exception {
    assertThat(Utf8Text.decode("a.txt", "héllo\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("héllo\n");
    assertThatThrownBy(() -> Utf8Text.decode("latin1.txt", "héllo".getBytes(StandardCharsets.ISO_8859_1)))
        .isInstanceOfSatisfying(SourceException.class, e -> {
          assertThat(e.kind()).isEqualTo(SourceException.Kind.NOT_TEXT);
          assertThat(e.getMessage()).isEqualTo("file 'latin1.txt' is not valid UTF-8 text");
        });
  }
}
