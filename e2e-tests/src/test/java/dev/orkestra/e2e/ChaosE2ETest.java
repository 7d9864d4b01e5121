package dev.orkestra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short version of the SIGKILL campaign ({@link ChaosCampaign}; {@code bin/chaos} runs the long
 * one): every service and the broker in processes of their own, questions several at once, and
 * each of the extractor, verifier, coordinator, synthesizer and broker killed in turn.
 */
class ChaosE2ETest {

  @Test
  void everyQuestionIsAnsweredOnceThroughSigkillsOfEveryKindOfProcess(@TempDir Path dir) throws Exception {
    ChaosCampaign.Report report = ChaosCampaign.run(new ChaosCampaign.Settings(60, 6,
        ChaosCampaign.Settings.everyKind(), dir, Duration.ofSeconds(2)));
    System.out.println(report.table());

    assertThat(report.kills()).extracting(ChaosCampaign.Kill::target)
        .containsExactly("extractor", "verifier", "coordinator", "synthesizer", "broker");
    assertThat(report.unanswered()).as("questions without a response").isZero();
    assertThat(report.answered()).isEqualTo(report.sent());
    assertThat(report.duplicateResponses()).as("second responses").isZero();
    assertThat(report.repeatedHandlerRuns()).as("requests with two OUTCOME entries").isZero();
    assertThat(report.duplicateResults()).as("role results answering the same request").isZero();
    assertThat(report.repeatedModelCalls()).as("model calls paid twice").isZero();
    assertThat(report.modelCalls()).isPositive();
    assertThat(report.deadLetters()).as("dead letters: " + report.deadLetterReasons()).isZero();
  }
}
