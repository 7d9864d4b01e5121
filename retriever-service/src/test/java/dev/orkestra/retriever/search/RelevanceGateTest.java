package dev.orkestra.retriever.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RelevanceGateTest {

  private final RelevanceGate gate = RelevanceGate.DEFAULT;

  @Test
  void eitherSignalMayBeWeakButNotBoth() {
    assertThat(gate.accepts(1.0, 0.2, SearchMode.HYBRID)).as("the code says it in the question's words").isTrue();
    assertThat(gate.accepts(0.2, 0.6, SearchMode.HYBRID)).as("other words, same meaning").isTrue();
    assertThat(gate.accepts(0.4, 0.25, SearchMode.HYBRID)).as("a bit of both is not enough").isFalse();
  }

  @Test
  void whatUnanswerableQuestionsReachedInTheEvaluationIsRejected() {
    // Close calls among the tuning halves' unanswerable questions that name nothing absent
    // (docs/retrieval.md): the clipboard (click), command history (click), Protocol Buffers (gson).
    assertThat(gate.accepts(0.24, 0.37, SearchMode.HYBRID)).isFalse();
    assertThat(gate.accepts(0.31, 0.34, SearchMode.HYBRID)).isFalse();
    assertThat(gate.accepts(0.35, 0.30, SearchMode.HYBRID)).isFalse();
  }

  @Test
  void withoutEmbeddingsCoverageDecidesAloneAndWithoutBm25TheCosine() {
    assertThat(gate.accepts(0.6, 0, SearchMode.BM25_ONLY)).isTrue();
    assertThat(gate.accepts(0.45, 0.9, SearchMode.BM25_ONLY)).isFalse();
    assertThat(gate.accepts(0, 0.5, SearchMode.EMBEDDING_ONLY)).isTrue();
    assertThat(gate.accepts(1.0, 0.3, SearchMode.EMBEDDING_ONLY)).isFalse();
  }

  @Test
  void theOpenGateLetsEverythingThrough() {
    assertThat(RelevanceGate.OPEN.accepts(0, -1, SearchMode.HYBRID)).isTrue();
    assertThat(RelevanceGate.OPEN.accepts(0, 0, SearchMode.BM25_ONLY)).isTrue();
  }

  @Test
  void furtherChunksNeedOnlyAShareOfTheBestWhenTheBestBarelyPasses() {
    RelevanceGate gate = new RelevanceGate(1.5, 0.84, 0.5, 0.4, 0.6);
    // The best chunk reached 0.9: its neighbours need 0.54.
    assertThat(gate.keeps(0.3, 0.2, SearchMode.HYBRID, 0.9)).as("0.60").isTrue();
    assertThat(gate.keeps(0.2, 0.2, SearchMode.HYBRID, 0.9)).as("0.50").isFalse();
    // The best chunk reached 2.0: the threshold holds for every chunk.
    assertThat(gate.keeps(0.3, 0.2, SearchMode.HYBRID, 2.0)).as("0.60").isFalse();
    assertThat(gate.keeps(0.55, 0.2, SearchMode.HYBRID, 2.0)).as("0.85").isTrue();
  }

  @Test
  void aFloorOutsideZeroToOneIsRefused() {
    assertThatThrownBy(() -> new RelevanceGate(1.5, 0.84, 0.5, 0.4, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("candidateFloor");
    assertThatThrownBy(() -> new RelevanceGate(1.5, 0.84, 0.5, 0.4, 1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("candidateFloor");
  }
}
