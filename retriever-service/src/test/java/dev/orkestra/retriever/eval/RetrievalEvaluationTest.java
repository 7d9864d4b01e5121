package dev.orkestra.retriever.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.retriever.search.SearchMode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The retrieval evaluation as a check: it fails when a figure of the hybrid search drops below its
 * floor ({@link RetrievalFloors}, shown next to the figures in docs/retrieval.md). Part of
 * {@code bin/test}. The Gson index is kept under {@code target/eval/} and reused, so only the first
 * run after a clean build pays for embedding the corpus; {@code -Deval.modes=all} also runs the
 * BM25-only and embedding-only ablations for the table in the docs (they have no floors).
 */
class RetrievalEvaluationTest {

  @Test
  void hybridSearchStaysAboveItsFloors() throws Exception {
    var report = RetrievalEvaluation.run(Path.of("target/eval"), System.out, Boolean.getBoolean("eval.verbose"),
        RetrievalEvaluation.modes(System.getProperty("eval.modes", "hybrid")));
    var questions = EvalQuestions.load(RetrievalEvaluation.QUESTIONS);

    assertThat(questions.questions()).hasSizeGreaterThanOrEqualTo(30);
    assertThat(questions.unanswerable()).hasSizeGreaterThanOrEqualTo(10);
    assertThat(report.index().filesInCommit()).isGreaterThan(50);
    var calibration = report.figures(SearchMode.HYBRID, false);
    var heldOut = report.figures(SearchMode.HYBRID, true);
    assertThat(calibration.answerable()).isEqualTo(questions.questions().size());
    assertThat(heldOut.unanswerable()).isEqualTo(questions.heldOut().unanswerable().size());
    assertThat(RetrievalFloors.CALIBRATION.shortfalls(calibration)).as("calibration set, hybrid").isEmpty();
    assertThat(RetrievalFloors.HELD_OUT.shortfalls(heldOut)).as("held-out set, hybrid").isEmpty();
  }

  @Test
  void aFigureBelowItsFloorIsNamedWithBothValues() {
    var worse = new RetrievalEvaluation.Figures(SearchMode.HYBRID, 40, 0.70, 0.80, 0.788, 0.78, 0.90, 2, 14, 14, 30);

    assertThat(RetrievalFloors.CALIBRATION.shortfalls(worse))
        .containsExactly("hit@5 0.800 < 0.88", "answerable gated to nothing 2 > 1");
  }
}
