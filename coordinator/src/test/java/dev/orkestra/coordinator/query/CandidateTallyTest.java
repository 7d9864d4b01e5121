package dev.orkestra.coordinator.query;

import static dev.orkestra.coordinator.query.Events.candidate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.query.Candidate;
import dev.orkestra.events.query.Excerpt;
import dev.orkestra.events.query.ReadStatus;
import dev.orkestra.events.query.VerifiedExcerpt;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandidateTallyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

  private final Candidate low = candidate("q-c1", "low.py", 1, 2, 0.2);
  private final Candidate high = candidate("q-c2", "high.py", 1, 2, 0.9);
  private final Candidate mid = candidate("q-c3", "mid.py", 1, 2, 0.5);
  private final CandidateTally tally = CandidateTally.of(List.of(low, high, mid));

  @Test
  void completeOnlyWhenEveryCandidateReported() {
    assertThat(tally.record(verified(low, T0))).isTrue();
    assertThat(tally.record(CandidateResult.rejected("q-c2", null, "differs", T0))).isTrue();
    assertThat(tally.complete()).isFalse();

    assertThat(tally.record(CandidateResult.failed("q-c3", ReadStatus.NOT_FOUND, "gone"))).isTrue();

    assertThat(tally.complete()).isTrue();
    assertThat(tally.total()).isEqualTo(3);
    assertThat(tally.verified()).isEqualTo(1);
  }

  @Test
  void aCandidateCountsOnceAndUnknownOnesNotAtAll() {
    assertThat(tally.record(verified(low, T0))).isTrue();
    assertThat(tally.record(CandidateResult.rejected("q-c1", null, "late contradicting result", T0))).isFalse();
    assertThat(tally.record(CandidateResult.failed("someone-else", null, "x"))).isFalse();

    assertThat(tally.reported()).isEqualTo(1);
    assertThat(tally.verified()).isEqualTo(1);
  }

  @Test
  void verifiedExtractsComeBestScoreFirst() {
    tally.record(verified(low, T0));
    tally.record(verified(mid, T0));
    tally.record(verified(high, T0));

    assertThat(tally.verifiedInScoreOrder()).extracting(v -> v.getCandidate().getPath())
        .containsExactly("high.py", "mid.py", "low.py");
  }

  @Test
  void fetchedAtIsTheLatestExtractionOfAVerifiedCandidate() {
    tally.record(verified(low, T0.plusSeconds(1)));
    tally.record(verified(high, T0.plusSeconds(3)));
    tally.record(CandidateResult.rejected("q-c3", null, "differs", T0.plusSeconds(9)));

    assertThat(tally.fetchedAt()).contains(T0.plusSeconds(3));
  }

  @Test
  void fetchedAtFallsBackToAnyExtractionAndIsEmptyWithoutOne() {
    CandidateTally rejected = CandidateTally.of(List.of(low, high));
    rejected.record(CandidateResult.rejected("q-c1", null, "differs", T0.plusSeconds(2)));
    rejected.record(CandidateResult.failed("q-c2", ReadStatus.NOT_FOUND, "gone"));
    CandidateTally nothing = CandidateTally.of(List.of(low));
    nothing.record(CandidateResult.failed("q-c1", null, "extractor failed"));

    assertThat(rejected.fetchedAt()).contains(T0.plusSeconds(2));
    assertThat(nothing.fetchedAt()).isEmpty();
  }

  @Test
  void commonExtractionFailureNeedsEveryCandidateToFailExtractionTheSameWay() {
    CandidateTally allNotFound = CandidateTally.of(List.of(low, high));
    allNotFound.record(CandidateResult.failed("q-c1", ReadStatus.NOT_FOUND, "gone 1"));
    allNotFound.record(CandidateResult.failed("q-c2", ReadStatus.NOT_FOUND, "gone 2"));
    CandidateTally mixed = CandidateTally.of(List.of(low, high));
    mixed.record(CandidateResult.failed("q-c1", ReadStatus.NOT_FOUND, "gone"));
    mixed.record(CandidateResult.failed("q-c2", ReadStatus.ACCESS_DENIED, "private"));
    CandidateTally roleFailure = CandidateTally.of(List.of(low));
    roleFailure.record(CandidateResult.failed("q-c1", null, "extractor failed: timeout"));

    assertThat(allNotFound.commonExtractionFailure())
        .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("gone 1"));
    assertThat(mixed.commonExtractionFailure()).isEmpty();
    assertThat(roleFailure.commonExtractionFailure()).isEmpty();
  }

  static CandidateResult verified(Candidate candidate, Instant extractedAt) {
    Excerpt excerpt = Excerpt.newBuilder().setPath(candidate.getPath()).setText("text of " + candidate.getPath())
        .setBlobSha("b").setLineCount(1).build();
    return CandidateResult.verified(candidate.getCandidateId(), new VerifiedExcerpt(candidate, excerpt), extractedAt);
  }
}
