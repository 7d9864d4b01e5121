package dev.orkestra.composer;

import dev.orkestra.events.query.CompositionCompleted;
import dev.orkestra.events.query.CompositionRequested;
import dev.orkestra.runtime.RoleHandler;
import dev.orkestra.runtime.RoleRequest;
import java.time.Clock;
import java.util.List;

/** The composer role: one {@link CompositionRequested} in, one {@link CompositionCompleted} out. No model. */
public final class ComposerHandler implements RoleHandler<CompositionRequested, CompositionCompleted> {

  private final Clock clock;

  public ComposerHandler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public CompositionCompleted handle(RoleRequest<CompositionRequested> request) throws Exception {
    return CompositionCompleted.newBuilder()
        .setEnvelope(request.replyEnvelope())
        .setAnswer(AnswerComposer.compose(request.value(), clock.instant()))
        .setUsage(List.of())
        .build();
  }
}
