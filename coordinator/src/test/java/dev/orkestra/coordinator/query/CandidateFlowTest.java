package dev.orkestra.coordinator.query;

import dev.orkestra.coordinator.query.state.CandidateOutcome;
import dev.orkestra.coordinator.query.state.CandidateState;
import dev.orkestra.coordinator.query.state.CandidateVerdict;
import dev.orkestra.coordinator.streams.ContractBytes;
import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.ExtractionCompleted;
import dev.orkestra.events.query.ExtractionRequested;
import dev.orkestra.events.query.ReadStatus;
import dev.orkestra.events.query.VerificationCompleted;
import dev.orkestra.events.query.VerificationRequested;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import static dev.orkestra.coordinator.query.Events.candidate;
import static org.assertj.core.api.Assertions.assertThat;

class CandidateFlowTest {

  private final CandidateFlow flow = new CandidateFlow(Duration.ofMinutes(5), "coordinator@test");
  private final long now = System.currentTimeMillis();
  private final ExtractionRequested request = new Requests("coordinator@test").extraction(
      Events.reply(Events.getFile("q-1", "a.md").getEnvelope(), "retriever"),
      RepoRef.newBuilder().setRepo("octo/demo").setCommitSha(Events.COMMIT).build(),
      candidate("q-1-c1", "a.md", null, null, 1.0), Instant.ofEpochMilli(now + 30_000));

  @Test
  void anOkExtractionAsksTheVerifierAboutTheSameExcerpt() {
    CandidateState assigned = flow.onRequest(null, request, now).state();
    ExtractionCompleted extracted = Events.extracted(request);

    Step<CandidateState> step = flow.onExtraction(assigned, extracted, now);

    assertThat(step.emits()).singleElement().satisfies(emit -> {
      assertThat(emit.key()).isEqualTo("q-1-c1");
      VerificationRequested verification = (VerificationRequested) emit.value();
      assertThat(verification.getClaimed()).isEqualTo(extracted.getExcerpt());
      assertThat(verification.getRepo()).isEqualTo(request.getRepo());
      assertThat(verification.getEnvelope().getCausationId()).isEqualTo(extracted.getEnvelope().getEventId());
      assertThat(verification.getEnvelope().getDeadline()).as("the verification stage's deadline")
          .isEqualTo(request.getEnvelope().getDeadline());
    });
    assertThat(step.state().getVerificationRequestId())
        .isEqualTo(((VerificationRequested) step.emits().getFirst().value()).getEnvelope().getEventId());
  }

  @Test
  void theVerdictJoinsTheExtractionAndGoesToTheQuery() {
    CandidateState awaiting = extractedState();
    VerificationRequested asked = verificationOf(awaiting);

    Step<CandidateState> step = flow.onVerification(awaiting, Events.verified(asked, true), now);

    CandidateOutcome outcome = (CandidateOutcome) step.emits().getFirst().value();
    assertThat(step.emits().getFirst().key()).isEqualTo("q-1");
    CandidateResult result = CandidateResult.fromState(outcome.getCandidateResult());
    assertThat(result.verdict()).isEqualTo(CandidateVerdict.VERIFIED);
    assertThat(result.verified().getCandidate()).isEqualTo(request.getCandidate());
    assertThat(result.verified().getExcerpt().getText()).isEqualTo(asked.getClaimed().getText());
    assertThat(step.state().getDone()).isTrue();
  }

  @Test
  void aMismatchIsRejectedWithTheVerifiersReason() {
    CandidateState awaiting = extractedState();
    VerificationCompleted mismatch = Events.verified(verificationOf(awaiting), false);

    CandidateOutcome outcome =
        (CandidateOutcome) flow.onVerification(awaiting, mismatch, now).emits().getFirst().value();

    assertThat(outcome.getCandidateResult().getVerdict()).isEqualTo(CandidateVerdict.REJECTED);
    assertThat(outcome.getCandidateResult().getReason()).isEqualTo(mismatch.getReason());
  }

  @Test
  void aFailedExtractionFinishesTheCandidateWithoutVerification() {
    CandidateState assigned = flow.onRequest(null, request, now).state();

    Step<CandidateState> step = flow.onExtraction(assigned,
        Events.notExtracted(request, ReadStatus.ACCESS_DENIED, "access denied or requires authentication"), now);

    CandidateOutcome outcome = (CandidateOutcome) step.emits().getFirst().value();
    assertThat(outcome.getCandidateResult().getVerdict()).isEqualTo(CandidateVerdict.FAILED);
    assertThat(outcome.getCandidateResult().getReadStatus()).isEqualTo("ACCESS_DENIED");
    assertThat(step.state().getDone()).isTrue();
  }

  @Test
  void anExtractionReadBeforeItsRequestWaitsForIt() {
    ExtractionCompleted early = Events.extracted(request);

    Step<CandidateState> buffered = flow.onExtraction(null, early, now);
    Step<CandidateState> joined = flow.onRequest(buffered.state(), request, now);

    assertThat(buffered.emits()).isEmpty();
    assertThat(joined.emits()).singleElement().satisfies(emit ->
        assertThat(((VerificationRequested) emit.value()).getClaimed()).isEqualTo(early.getExcerpt()));
  }

  @Test
  void duplicatesAndStrangersChangeNothing() {
    CandidateState awaiting = extractedState();
    VerificationCompleted verdict = Events.verified(verificationOf(awaiting), true);
    CandidateState done = flow.onVerification(awaiting, verdict, now).state();
    VerificationRequested stranger = VerificationRequested.newBuilder(verificationOf(awaiting))
        .setEnvelope(Events.reply(request.getEnvelope(), "someone")).build();

    assertThat(flow.onVerification(done, verdict, now).change()).isEqualTo(Step.Change.KEEP);
    assertThat(flow.onVerification(done, verdict, now).emits()).isEmpty();
    assertThat(flow.onExtraction(awaiting, Events.extracted(request), now).emits()).isEmpty();
    assertThat(flow.onRequest(awaiting, request, now).emits()).isEmpty();
    assertThat(flow.onVerification(awaiting, Events.verified(stranger, true), now).emits())
        .as("a verdict that answers another request").isEmpty();
    assertThat(flow.onVerification(null, verdict, now).emits()).isEmpty();
  }

  @Test
  void entriesExpireAfterTheRetention() {
    CandidateState awaiting = extractedState();
    CandidateState done = flow.onVerification(awaiting, Events.verified(verificationOf(awaiting), true), now).state();

    assertThat(flow.expired(done, now + Duration.ofMinutes(4).toMillis())).isFalse();
    assertThat(flow.expired(done, now + Duration.ofMinutes(6).toMillis())).isTrue();
  }

  @Test
  void requestsOlderThanTheRetentionAreNotTracked() {
    assertThat(flow.onRequest(null, request, now + Duration.ofMinutes(6).toMillis()).change())
        .isEqualTo(Step.Change.KEEP);
  }

  private CandidateState extractedState() {
    CandidateState assigned = flow.onRequest(null, request, now).state();
    return flow.onExtraction(assigned, Events.extracted(request), now).state();
  }

  private VerificationRequested verificationOf(CandidateState awaiting) {
    ExtractionCompleted extraction = ContractBytes.decode(awaiting.getExtraction(), ExtractionCompleted.class);
    return VerificationRequested.newBuilder()
        .setEnvelope(Envelope.newBuilder(Events.reply(extraction.getEnvelope(), "coordinator"))
            .setEventId(awaiting.getVerificationRequestId()).build())
        .setRepo(request.getRepo())
        .setCandidateId("q-1-c1")
        .setClaimed(extraction.getExcerpt())
        .build();
  }
}
