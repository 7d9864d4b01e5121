package dev.orkestra.retriever.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Runs the retrieval evaluation and prints its table. Not part of the default test run (it indexes
 * Gson: ~1 min on 2 cores when nothing is cached); run it with
 * {@code ./mvnw -pl retriever-service test -Dtest=RetrievalEvaluationIT -Dsurefire.failIfNoSpecifiedTests=false}.
 * Asserts only that every question ran — the figures are for people to read, not for a build to gate on.
 */
class RetrievalEvaluationIT {

  @Test
  void printsTheRetrievalFigures() throws Exception {
    var report = RetrievalEvaluation.run(Path.of("target/eval"), System.out, Boolean.getBoolean("eval.verbose"));
    var questions = EvalQuestions.load(RetrievalEvaluation.QUESTIONS);

    assertThat(questions.questions()).hasSizeGreaterThanOrEqualTo(30);
    assertThat(questions.unanswerable()).hasSizeGreaterThanOrEqualTo(10);
    assertThat(report.figures()).hasSize(3).allSatisfy(figures -> {
      assertThat(figures.answerable()).isEqualTo(questions.questions().size());
      assertThat(figures.unanswerable()).isEqualTo(questions.unanswerable().size());
    });
    assertThat(report.heldOut()).hasSize(3).allSatisfy(figures -> {
      assertThat(figures.answerable()).isEqualTo(questions.heldOut().questions().size());
      assertThat(figures.unanswerable()).isEqualTo(questions.heldOut().unanswerable().size());
    });
    assertThat(report.index().filesInCommit()).isGreaterThan(50);
  }
}
