package dev.orkestra.auditor.rules;

import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.RuleViolation;
import java.util.List;

/** One guardrail of seed 000 over a composed answer. Rules are pure: same request, same violations. */
public interface AuditRule {

  /** Stable id written into {@link RuleViolation#getRule()}, e.g. {@code sources_verified}. */
  String name();

  /** Every way the answer breaks this rule; empty when it holds. */
  List<RuleViolation> check(AuditRequested request);

  /** A violation of this rule. Messages name fields and kinds of problems, never quote answer content. */
  default RuleViolation violation(String field, String message) {
    return RuleViolation.newBuilder().setRule(name()).setField(field).setMessage(message).build();
  }
}
