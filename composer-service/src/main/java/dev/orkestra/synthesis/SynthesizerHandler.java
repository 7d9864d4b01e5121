package dev.orkestra.synthesis;

import dev.orkestra.events.query.SynthesisCompleted;
import dev.orkestra.events.query.SynthesisRequested;
import dev.orkestra.runtime.RoleHandler;
import dev.orkestra.runtime.RoleRequest;

/** The synthesizer role: one {@link SynthesisRequested} in, one {@link SynthesisCompleted} out. */
public final class SynthesizerHandler implements RoleHandler<SynthesisRequested, SynthesisCompleted> {

  private final CoachingSynthesizer synthesizer;

  public SynthesizerHandler(CoachingSynthesizer synthesizer) {
    this.synthesizer = synthesizer;
  }

  @Override
  public SynthesisCompleted handle(RoleRequest<SynthesisRequested> request) throws Exception {
    // Usage goes to the runtime as soon as it is known, so the action log has it with the result.
    CoachingSynthesizer.Outcome outcome = synthesizer.synthesize(request.value(), request::recordUsage);
    return SynthesisCompleted.newBuilder()
        .setEnvelope(request.replyEnvelope())
        .setCoaching(outcome.coaching())
        .setFailureReason(outcome.failureReason())
        .setUsage(outcome.usage())
        .build();
  }
}
