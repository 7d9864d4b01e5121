package dev.orkestra.coordinator.query;

import static dev.orkestra.coordinator.query.Events.candidate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.query.Candidate;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.ReadStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnavailableReasonsTest {

  private final Candidate one = candidate("q-c1", "docs/a.md", null, null, 1.0);
  private final Candidate two = candidate("q-c2", "docs/b.md", null, null, 0.5);
  private final QueryRequested getFile = Events.getFile("q", "docs/a.md");
  private final QueryRequested find = Events.find("q", "where");

  @Test
  void seedTexts() {
    assertThat(UnavailableReasons.noMatches()).isEqualTo("NOT_AVAILABLE: No matches found for query");
    assertThat(UnavailableReasons.verificationFailed(1, 3))
        .isEqualTo("NOT_AVAILABLE: Data verification failed (1/3 candidates verified)");
    assertThat(UnavailableReasons.fileNotFound("x/y.js")).isEqualTo("NOT_AVAILABLE: file not found at path 'x/y.js'");
    assertThat(UnavailableReasons.accessDenied()).isEqualTo("NOT_AVAILABLE: access denied or requires authentication");
  }

  @Test
  void nothingToSayWhenSomethingWasVerified() {
    CandidateTally tally = tally(List.of(one, two), CandidateTallyTest.verified(one, Instant.EPOCH),
        CandidateResult.rejected("q-c2", null, "differs", Instant.EPOCH));

    assertThat(UnavailableReasons.forComposition(find, tally)).isEmpty();
  }

  @Test
  void mismatchesAreVerificationFailures() {
    CandidateTally tally = tally(List.of(one, two), CandidateResult.rejected("q-c1", null, "differs", Instant.EPOCH),
        CandidateResult.failed("q-c2", ReadStatus.NOT_FOUND, "gone"));

    assertThat(UnavailableReasons.forComposition(getFile, tally))
        .contains("NOT_AVAILABLE: Data verification failed (0/2 candidates verified)");
  }

  @Test
  void aNamedFileThatIsNotThereIsNotFound() {
    CandidateTally tally = tally(List.of(one), CandidateResult.failed("q-c1", ReadStatus.NOT_FOUND, "gone"));

    assertThat(UnavailableReasons.forComposition(getFile, tally))
        .contains("NOT_AVAILABLE: file not found at path 'docs/a.md'");
    assertThat(UnavailableReasons.forComposition(find, tally))
        .contains("NOT_AVAILABLE: Data verification failed (0/1 candidates verified)");
  }

  @Test
  void accessDeniedEverywhereIsAccessDeniedForAnyAction() {
    CandidateTally tally = tally(List.of(one, two), CandidateResult.failed("q-c1", ReadStatus.ACCESS_DENIED, "401"),
        CandidateResult.failed("q-c2", ReadStatus.ACCESS_DENIED, "401"));

    assertThat(UnavailableReasons.forComposition(find, tally))
        .contains("NOT_AVAILABLE: access denied or requires authentication");
  }

  @Test
  void aRangeOutsideTheFileKeepsTheExtractorsWords() {
    QueryRequested getLines = Events.getLines("q", "docs/a.md", 90, 120);
    CandidateTally tally = tally(List.of(one), CandidateResult.failed("q-c1", ReadStatus.OUT_OF_RANGE,
        "lines 90-120 are outside docs/a.md (12 lines)"));

    assertThat(UnavailableReasons.forComposition(getLines, tally))
        .contains("NOT_AVAILABLE: lines 90-120 are outside docs/a.md (12 lines)");
  }

  @Test
  void contentTooLargeToQuoteSaysWhyForAnyAction() {
    String reason = "lines 1-1 of 'app.min.js' hold 300000 bytes of text, above the 46080-byte limit per match";
    CandidateTally tally = tally(List.of(one, two), CandidateResult.tooLarge("q-c1", reason, Instant.EPOCH),
        CandidateResult.failed("q-c2", ReadStatus.NOT_TEXT, "binary content"));

    assertThat(UnavailableReasons.forComposition(find, tally)).contains("NOT_AVAILABLE: " + reason);
  }

  private static CandidateTally tally(List<Candidate> candidates, CandidateResult... results) {
    CandidateTally tally = CandidateTally.of(candidates);
    for (CandidateResult result : results) {
      tally.record(result);
    }
    return tally;
  }
}
