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
    // Calls go through the request: made once, recorded in the action log before their answer is used.
    CoachingSynthesizer.Outcome outcome = synthesizer.synthesize(request.value(), request::models);
    return SynthesisCompleted.newBuilder()
        .setEnvelope(request.replyEnvelope())
        .setCoaching(outcome.coaching())
        .setFailureReason(outcome.failureReason())
        .setUsage(outcome.usage())
        .build();
  }
}
