package dev.orkestra.retriever.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ReciprocalRankFusionTest {

  @Test
  void aDocumentBothRankingsPlaceWellBeatsOneRankingsTopHit() {
    double inBoth = ReciprocalRankFusion.fuse(3, 4);
    double topOfOne = ReciprocalRankFusion.fuse(1, 0);

    assertThat(inBoth).isGreaterThan(topOfOne);
  }

  @Test
  void higherRanksContributeMoreAndAbsenceNothing() {
    assertThat(ReciprocalRankFusion.contribution(1)).isGreaterThan(ReciprocalRankFusion.contribution(2));
    assertThat(ReciprocalRankFusion.contribution(0)).isZero();
    assertThat(ReciprocalRankFusion.fuse(1, 1)).isCloseTo(2.0 / (ReciprocalRankFusion.K + 1), within(1e-12));
  }

  @Test
  void theMaximumIsWhatTopRanksInEveryRankingAndFullBonusesGive() {
    assertThat(ReciprocalRankFusion.maximum(2, 1.0)).isCloseTo(ReciprocalRankFusion.fuse(1, 1)
        + ReciprocalRankFusion.contribution(1), within(1e-12));
  }
}
