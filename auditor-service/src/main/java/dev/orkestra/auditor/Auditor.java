package dev.orkestra.auditor;

import dev.orkestra.auditor.rules.AuditRule;
import dev.orkestra.auditor.rules.CoachingLabelledRule;
import dev.orkestra.auditor.rules.NoCredentialsRule;
import dev.orkestra.auditor.rules.SchemaValidRule;
import dev.orkestra.auditor.rules.SourcesVerifiedRule;
import dev.orkestra.auditor.rules.StatusConsistencyRule;
import dev.orkestra.auditor.rules.TimestampFormatRule;
import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.RuleViolation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs every guardrail over an answer and collects the violations. */
public final class Auditor {

  private static final Logger log = LoggerFactory.getLogger(Auditor.class);

  private final List<AuditRule> rules;

  public Auditor(List<AuditRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** Seed 000's guardrails, in the order their violations are listed. */
  public static Auditor standard(Clock clock) {
    return new Auditor(List.of(new SchemaValidRule(), new StatusConsistencyRule(), new SourcesVerifiedRule(),
        new NoCredentialsRule(), new TimestampFormatRule(clock), new CoachingLabelledRule()));
  }

  public List<AuditRule> rules() {
    return rules;
  }

  public List<RuleViolation> audit(AuditRequested request) {
    List<RuleViolation> violations = new ArrayList<>();
    for (AuditRule rule : rules) {
      try {
        violations.addAll(rule.check(request));
      } catch (RuntimeException e) {
        // Fail closed: an answer a guardrail could not check does not pass.
        log.error("auditor: rule {} could not check {}", rule.name(), request.getEnvelope().getCorrelationId(), e);
        violations.add(RuleViolation.newBuilder().setRule(rule.name()).setField(null)
            .setMessage("the rule could not check this answer (" + e.getClass().getSimpleName() + ")").build());
      }
    }
    return violations;
  }
}
