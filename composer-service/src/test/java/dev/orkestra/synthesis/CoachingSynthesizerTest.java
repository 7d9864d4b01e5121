package dev.orkestra.synthesis;

import static dev.orkestra.synthesis.SynthesisFixtures.authExcerpts;
import static dev.orkestra.synthesis.SynthesisFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.events.query.Coaching;
import dev.orkestra.events.query.SynthesisCompleted;
import dev.orkestra.events.query.SynthesisRequested;
import dev.orkestra.runtime.InvalidRequestException;
import dev.orkestra.runtime.RoleRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthesizer through the real model registry, answering with the scripted provider. */
class CoachingSynthesizerTest {

  @TempDir
  Path dir;

  private Path models;
  /** Makes the calls as a handler's request does (here without Kafka: nothing is journaled) and keeps their usage. */
  private RoleRequest<SynthesisRequested> calls;

  @BeforeEach
  void writeRegistry() throws Exception {
    models = SynthesisFixtures.writeRegistry(dir);
    calls = RoleRequest.direct(request("any", authExcerpts(), null), "synthesizer@test");
  }

  @Test
  void writesLabelledCoachingBasedOnTheVerifiedCandidatesAndReportsUsage() throws Exception {
    CoachingSynthesizer.Outcome outcome = synthesizer(null)
        .synthesize(request("How can I add OAuth authentication?", authExcerpts(), null), calls::models);

    Coaching coaching = outcome.coaching();
    assertThat(outcome.failureReason()).isNull();
    assertThat(coaching.getLabel()).isEqualTo("suggestion");
    assertThat(coaching.getText()).isEqualTo(SynthesisFixtures.OAUTH_COACHING);
    assertThat(coaching.getBasedOn()).containsExactly("c1", "c2");
    assertThat(coaching.getModel()).isEqualTo(
        ModelRef.newBuilder().setModelId("coach-scripted").setFamily("scripted").setProvider("scripted").build());
    ModelUsage usage = outcome.usage().getFirst();
    assertThat(outcome.usage()).hasSize(1);
    assertThat(usage.getModelId()).isEqualTo("coach-scripted");
    assertThat(usage.getProvider()).isEqualTo("scripted");
    assertThat(usage.getInputTokens()).isEqualTo(400);
    assertThat(usage.getOutputTokens()).isEqualTo(50);
    // 400 × 3.0 / 1e6 + 50 × 15.0 / 1e6
    assertThat(usage.getCostUsd()).isCloseTo(0.00195, within(1e-12));
    assertThat(usage.getReplayed()).isFalse();
    assertThat(calls.usage()).containsExactly(usage);
  }

  @Test
  void handlerRecordsUsageWithTheRuntimeAndPutsItOnTheResult() throws Exception {
    SynthesizerHandler handler = new SynthesizerHandler(synthesizer(null));
    SynthesisRequested value = request("How can I add OAuth authentication?", authExcerpts(), null);
    RoleRequest<SynthesisRequested> request = RoleRequest.direct(value, "test@unit");

    SynthesisCompleted completed = handler.handle(request);

    assertThat(completed.getEnvelope().getCausationId()).isEqualTo(value.getEnvelope().getEventId());
    assertThat(completed.getEnvelope().getCorrelationId()).isEqualTo("q-1");
    assertThat(completed.getCoaching().getText()).isEqualTo(SynthesisFixtures.OAUTH_COACHING);
    assertThat(completed.getFailureReason()).isNull();
    assertThat(completed.getUsage()).hasSize(1);
    assertThat(request.usage()).isEqualTo(completed.getUsage());
  }

  @Test
  void theConfiguredModelIsUsedAndTheRoutedModelWinsOverIt() throws Exception {
    CoachingSynthesizer configured = synthesizer("second-scripted");
    assertThat(configured.synthesize(request("OAuth?", authExcerpts(), null), calls::models).coaching().getModel()
        .getModelId()).isEqualTo("second-scripted");

    ModelRef routed = ModelRef.newBuilder().setModelId("coach-scripted").setFamily("scripted").build();
    assertThat(configured.synthesize(request("OAuth?", authExcerpts(), routed), calls::models).coaching().getModel()
        .getModelId()).isEqualTo("coach-scripted");
  }

  @Test
  void aModelThatSaysNotAvailableGivesNoCoachingButAReasonAndItsUsage() throws Exception {
    CoachingSynthesizer.Outcome outcome = synthesizer(null)
        .synthesize(request("How are payments handled?", authExcerpts(), null), calls::models);

    assertThat(outcome.coaching()).isNull();
    assertThat(outcome.failureReason()).isEqualTo("NOT_AVAILABLE: the excerpts show no payment code");
    assertThat(outcome.usage()).singleElement().extracting(ModelUsage::getInputTokens).isEqualTo(300L);
  }

  @Test
  void blankModelTextIsNotCoaching() throws Exception {
    CoachingSynthesizer.Outcome outcome = synthesizer(null)
        .synthesize(request("silence please", authExcerpts(), null), calls::models);

    assertThat(outcome.coaching()).isNull();
    assertThat(outcome.failureReason()).isEqualTo("NOT_AVAILABLE: coaching model 'coach-scripted' returned no text");
  }

  @Test
  void withoutAModelsFileCoachingIsNotAvailable() throws Exception {
    CoachingSynthesizer synthesizer = new CoachingSynthesizer(
        SynthesisModelChoice.load(dir.resolve("absent.yaml"), null));

    CoachingSynthesizer.Outcome outcome = synthesizer.synthesize(request("OAuth?", authExcerpts(), null), calls::models);

    assertThat(outcome.coaching()).isNull();
    assertThat(outcome.failureReason()).isEqualTo("NOT_AVAILABLE: coaching requires a configured model");
    assertThat(outcome.usage()).isEmpty();
    assertThat(calls.usage()).isEmpty();
  }

  @Test
  void anInvalidModelsFileIsReportedAsNotConfigured() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.yaml"), "models:\n  - id: x\n    provider: nope\n");

    CoachingSynthesizer.Outcome outcome = new CoachingSynthesizer(SynthesisModelChoice.load(broken, null))
        .synthesize(request("OAuth?", authExcerpts(), null), calls::models);

    assertThat(outcome.coaching()).isNull();
    assertThat(outcome.failureReason())
        .startsWith("NOT_AVAILABLE: coaching requires a configured model (the model registry is invalid: ");
  }

  @Test
  void aModelWhoseKeyIsMissingIsNotCalled() throws Exception {
    CoachingSynthesizer.Outcome outcome = synthesizer("claude-needs-key")
        .synthesize(request("OAuth?", authExcerpts(), null), calls::models);

    assertThat(outcome.failureReason()).isEqualTo("NOT_AVAILABLE: coaching model 'claude-needs-key' needs an API key, "
        + "but ORKESTRA_TEST_UNSET_KEY_FOR_SYNTHESIS is not set");
  }

  @Test
  void anUnknownModelIdIsNotAvailable() throws Exception {
    CoachingSynthesizer.Outcome outcome = synthesizer("gpt-nowhere")
        .synthesize(request("OAuth?", authExcerpts(), null), calls::models);

    assertThat(outcome.failureReason()).isEqualTo("NOT_AVAILABLE: coaching model 'gpt-nowhere' is not in the model registry");
  }

  @Test
  void aPermanentModelFailureBecomesAReasonNotARetry() throws Exception {
    CoachingSynthesizer.Outcome outcome = synthesizer(null)
        .synthesize(request("a question the script does not know", authExcerpts(), null), calls::models);

    assertThat(outcome.coaching()).isNull();
    assertThat(outcome.failureReason()).startsWith("NOT_AVAILABLE: coaching model 'coach-scripted' failed: ")
        .contains("no entry matches role 'synthesizer'");
  }

  @Test
  void noVerifiedExcerptsMeansNoModelCall() throws Exception {
    CoachingSynthesizer.Outcome outcome = synthesizer(null).synthesize(request("OAuth?", List.of(), null), calls::models);

    assertThat(outcome.failureReason()).isEqualTo("NOT_AVAILABLE: no verified excerpts to base coaching on");
    assertThat(outcome.usage()).isEmpty();
  }

  @Test
  void aMissingQuestionIsAnInvalidRequest() {
    assertThatThrownBy(() -> synthesizer(null).synthesize(request(" ", authExcerpts(), null), calls::models))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("invalid question: is required for coaching");
  }

  private CoachingSynthesizer synthesizer(String configuredModel) {
    return new CoachingSynthesizer(SynthesisModelChoice.load(models, configuredModel));
  }
}
