package dev.orkestra.gate;

import dev.orkestra.events.task.GateRequested;
import dev.orkestra.events.task.GateResult;
import dev.orkestra.runtime.InvalidRequestException;
import dev.orkestra.runtime.PermanentFailureException;
import dev.orkestra.runtime.RoleHandler;
import dev.orkestra.runtime.RoleRequest;
import dev.orkestra.runtime.TransientFailureException;
import dev.orkestra.runtime.source.SourceException;
import dev.orkestra.runtime.source.SourceValidation;
import java.util.Locale;

/**
 * Thin: checks the request, joins (or starts) its run in {@link GateRuns} and answers with the
 * run's result. While the run lasts longer than the delivery, the runtime interrupts this wait
 * and continues the request; the next delivery joins the same run.
 */
final class GateHandler implements RoleHandler<GateRequested, GateResult> {

  private final GateRuns runs;

  GateHandler(GateRuns runs) {
    this.runs = runs;
  }

  @Override
  public GateResult handle(RoleRequest<GateRequested> request) throws Exception {
    GateRequested gate = request.value();
    validate(gate);
    GateResult result;
    try {
      result = runs.join(gate);
    } catch (SourceException e) {
      throw switch (e.kind()) {
        case INVALID -> new InvalidRequestException(e.field() == null ? "repo" : e.field(), e.getMessage());
        case NOT_FOUND, ACCESS_DENIED, TOO_LARGE, NOT_TEXT ->
            new PermanentFailureException("source_" + e.kind().name().toLowerCase(Locale.ROOT), e.getMessage(), e);
        default -> new TransientFailureException(e.getMessage(), e);
      };
    }
    return GateResult.newBuilder(result).setEnvelope(request.replyEnvelope()).setAttempt(gate.getAttempt()).build();
  }

  static void validate(GateRequested gate) throws InvalidRequestException {
    require(gate.getTaskId(), "taskId");
    require(gate.getStepId(), "stepId");
    if (gate.getRepo() == null) {
      throw new InvalidRequestException("repo", "is required");
    }
    require(gate.getRepo().getRepo(), "repo.repo");
    try {
      SourceValidation.commitSha(gate.getRepo().getCommitSha(), "repo.commitSha");
      if (gate.getBaseSha() != null) {
        SourceValidation.commitSha(gate.getBaseSha(), "baseSha");
      }
    } catch (SourceException e) {
      throw new InvalidRequestException(e.field(), e.getMessage());
    }
  }

  private static void require(String value, String field) throws InvalidRequestException {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(field, "is required");
    }
  }
}
