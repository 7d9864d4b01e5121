package dev.orkestra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.auditor.AuditorServiceProvider;
import dev.orkestra.composer.ComposerServiceProvider;
import dev.orkestra.coordinator.StageTimeouts;
import dev.orkestra.extractor.ExtractorServiceProvider;
import dev.orkestra.retriever.RetrieverSettings;
import dev.orkestra.synthesis.SynthesizerServiceProvider;
import dev.orkestra.verifier.VerifierServiceProvider;
import org.junit.jupiter.api.Test;

/**
 * A role's attempt must end before the coordinator gives up on its stage: otherwise a slow attempt
 * is still working (and paying) for a query that has already been answered with a timeout. The
 * roles and the coordinator live in different modules, so only a test that sees both can hold them
 * together (docs/runtime.md, "Handler timeouts sit inside stage deadlines").
 */
class StageBudgetsTest {

  private final StageTimeouts stages = StageTimeouts.defaults();

  @Test
  void retrievalAttemptEndsInsideTheRetrievalStage() {
    assertThat(RetrieverSettings.DEFAULT_HANDLER_TIMEOUT).isLessThan(stages.retrieval());
  }

  @Test
  void extractionThenVerificationFitTheVerificationStage() {
    assertThat(ExtractorServiceProvider.HANDLER_TIMEOUT.plus(VerifierServiceProvider.HANDLER_TIMEOUT))
        .isLessThan(stages.verification());
  }

  @Test
  void synthesisCompositionAndAuditAttemptsEndInsideTheirStages() {
    assertThat(SynthesizerServiceProvider.HANDLER_TIMEOUT).isLessThan(stages.synthesis());
    assertThat(ComposerServiceProvider.HANDLER_TIMEOUT).isLessThan(stages.composition());
    assertThat(AuditorServiceProvider.HANDLER_TIMEOUT).isLessThan(stages.audit());
  }
}
