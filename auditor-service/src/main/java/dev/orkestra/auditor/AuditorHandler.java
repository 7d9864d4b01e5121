package dev.orkestra.auditor;

import dev.orkestra.events.query.AuditCompleted;
import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.RuleViolation;
import dev.orkestra.runtime.RoleHandler;
import dev.orkestra.runtime.RoleRequest;
import java.util.List;

/** The auditor role: one {@link AuditRequested} in, one {@link AuditCompleted} out. Rules only, no model. */
public final class AuditorHandler implements RoleHandler<AuditRequested, AuditCompleted> {

  private final Auditor auditor;

  public AuditorHandler(Auditor auditor) {
    this.auditor = auditor;
  }

  @Override
  public AuditCompleted handle(RoleRequest<AuditRequested> request) {
    List<RuleViolation> violations = auditor.audit(request.value());
    return AuditCompleted.newBuilder()
        .setEnvelope(request.replyEnvelope())
        .setPassed(violations.isEmpty())
        .setViolations(violations)
        .setUsage(List.of())
        .build();
  }
}
