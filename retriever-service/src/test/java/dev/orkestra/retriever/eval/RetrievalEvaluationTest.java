package dev.orkestra.retriever.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.retriever.search.SearchMode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The retrieval evaluation as a check: on every corpus it fails when a figure of the hybrid search
 * (the mode the retriever runs) drops below its floor ({@link RetrievalFloors}, shown next to the
 * figures in docs/retrieval.md). Part of {@code bin/test}. Indexes are kept under {@code
 * target/eval/} and reused, so only the first run after a clean build pays for embedding;
 * {@code bin/eval} prints the ablations and the baseline for every corpus.
 */
class RetrievalEvaluationTest {

  static List<EvalCorpus> corpora() {
    return EvalCorpus.select(System.getProperty("eval.corpora", "all"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpora")
  void hybridSearchStaysAboveItsFloors(EvalCorpus corpus) throws Exception {
    var report = RetrievalEvaluation.run(corpus, Path.of("target/eval"), System.out,
        Boolean.getBoolean("eval.verbose"), RetrievalEvaluation.modes(System.getProperty("eval.modes", "hybrid")));
    var questions = corpus.questions();

    assertThat(questions.questions().size() + questions.heldOut().questions().size()).isGreaterThanOrEqualTo(25);
    assertThat(questions.unanswerable().size() + questions.heldOut().unanswerable().size())
        .isGreaterThanOrEqualTo(5);
    assertThat(report.index().filesInCommit()).isGreaterThan(20);
    var tuning = report.figures(SearchMode.HYBRID, false);
    var heldOut = report.figures(SearchMode.HYBRID, true);
    assertThat(tuning.answerable()).isEqualTo(questions.questions().size());
    assertThat(heldOut.unanswerable()).isEqualTo(questions.heldOut().unanswerable().size());
    RetrievalFloors.Pair floors = RetrievalFloors.of(corpus.name());
    assertThat(floors.tuning().shortfalls(tuning)).as(corpus.name() + " tuning half, hybrid").isEmpty();
    assertThat(floors.heldOut().shortfalls(heldOut)).as(corpus.name() + " held-out half, hybrid").isEmpty();
  }

  @Test
  void aFigureBelowItsFloorIsNamedWithBothValues() {
    var worse = new RetrievalEvaluation.Figures("hybrid", 40, 0.70, 0.80, 0.788, 0.78, 0.90, 2, 14, 14, 30);

    assertThat(RetrievalFloors.of("gson").tuning().shortfalls(worse))
        .containsExactly("hit@5 0.800 < 0.88", "answerable gated to nothing 2 > 1");
  }

  @Test
  void everyCorpusHasFloors() {
    for (EvalCorpus corpus : EvalCorpus.select("all")) {
      assertThat(RetrievalFloors.of(corpus.name())).as(corpus.name()).isNotNull();
    }
  }
}
