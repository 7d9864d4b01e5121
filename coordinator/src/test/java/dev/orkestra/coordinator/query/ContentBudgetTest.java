package dev.orkestra.coordinator.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.query.Excerpt;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.runtime.source.SourceLimits;
import dev.orkestra.topics.RecordLimits;
import org.junit.jupiter.api.Test;

class ContentBudgetTest {

  private final ContentBudget budget = new ContentBudget(2_000);

  @Test
  void theDefaultsAreSetTogetherWithTheSourceAndRecordLimits() {
    // Every file the sources read fits one answer, ...
    assertThat(ContentBudget.DEFAULT.perQuery()).isGreaterThanOrEqualTo((int) SourceLimits.DEFAULT.maxFileBytes());
    // ... the most matches a query may have fit it together, ...
    assertThat(ContentBudget.DEFAULT.perMatch() * MatchLimits.MAX_MATCHES).isLessThanOrEqualTo(
        ContentBudget.DEFAULT.perQuery());
    // ... and what a record holds besides the text (paths, URLs, sources, usage) has 78,400 bytes.
    assertThat(RecordLimits.MAX_VALUE_BYTES - ContentBudget.DEFAULT.perQuery()).isEqualTo(78_400);
    assertThat(ContentBudget.DEFAULT.perMatch()).isEqualTo(46_080);
  }

  @Test
  void aNamedFileMayQuoteTheWholeBudgetAndNoMore() {
    assertThat(budget.refusal(QueryAction.GET_FILE, excerpt(null, null, 2_000))).isEmpty();
    assertThat(budget.refusal(QueryAction.GET_FILE, excerpt(null, null, 2_001)))
        .contains("file 'a.txt' holds 2001 bytes of text, above the 2000-byte limit of one answer");
    assertThat(budget.refusal(QueryAction.GET_LINES, excerpt(3, 4, 2_001)))
        .contains("lines 3-4 of 'a.txt' hold 2001 bytes of text, above the 2000-byte limit of one answer");
  }

  @Test
  void aMatchMayQuoteItsShareOfTheBudget() {
    assertThat(budget.perMatch()).isEqualTo(100);
    assertThat(budget.refusal(QueryAction.FIND, excerpt(1, 1, 100))).isEmpty();
    assertThat(budget.refusal(QueryAction.EXPLAIN, excerpt(1, 1, 101)))
        .contains("lines 1-1 of 'a.txt' hold 101 bytes of text, above the 100-byte limit per match");
  }

  @Test
  void bytesAreCountedAsEncodedNotAsCharacters() {
    String twoBytesEach = "é".repeat(51);

    assertThat(budget.refusal(QueryAction.FIND, excerpt(1, 1, twoBytesEach))).isPresent();
  }

  private static Excerpt excerpt(Integer start, Integer end, int bytes) {
    return excerpt(start, end, "x".repeat(bytes));
  }

  private static Excerpt excerpt(Integer start, Integer end, String text) {
    return Excerpt.newBuilder().setPath("a.txt").setStartLine(start).setEndLine(end).setText(text).setBlobSha("b")
        .setLineCount(1).build();
  }
}
