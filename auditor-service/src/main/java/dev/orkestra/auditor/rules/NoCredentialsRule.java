package dev.orkestra.auditor.rules;

import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.RuleViolation;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 000's "No credentials exposed in responses": every string of the answer — message, paths,
 * URLs, quoted file content, coaching — is scanned for credential shapes.
 *
 * <p>Verbatim repository content is scanned too: a committed secret is still a secret, and the
 * verified excerpts being its origin does not make showing it safe. The violation names the field
 * and the kind of credential only — the user gets an error naming this rule, never the secret.
 */
public final class NoCredentialsRule implements AuditRule {

  public static final String NAME = "no_credentials";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<RuleViolation> check(AuditRequested request) {
    List<RuleViolation> violations = new ArrayList<>();
    if (request.getAnswer() == null) {
      return violations;
    }
    for (StringFields.Field field : StringFields.of(request.getAnswer())) {
      CredentialPattern.firstIn(field.value()).ifPresent(found ->
          violations.add(violation(field.path(), field.path() + " contains what looks like a " + found.kind()
              + " (value not shown)")));
    }
    return violations;
  }
}
