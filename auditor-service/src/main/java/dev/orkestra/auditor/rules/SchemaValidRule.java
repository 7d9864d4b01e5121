package dev.orkestra.auditor.rules;

import dev.orkestra.events.query.Answer;
import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.RuleViolation;
import dev.orkestra.events.query.Source;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 000's {@code validate_output_schema} structure checks on the Avro answer: all five fields
 * present, a status, and every source with a type, url, ref and path. (The timestamp format and the
 * status/data consistency are rules of their own.) Avro decoding already refuses most nulls; an
 * answer built in process can still carry them, and blank strings pass Avro.
 */
public final class SchemaValidRule implements AuditRule {

  public static final String NAME = "schema_valid";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<RuleViolation> check(AuditRequested request) {
    List<RuleViolation> violations = new ArrayList<>();
    Answer answer = request.getAnswer();
    if (answer == null) {
      violations.add(violation("answer", "the response is missing"));
      return violations;
    }
    requirePresent(answer.getStatus(), "status", violations);
    requirePresent(answer.getFetchedAt(), "fetchedAt", violations);
    requirePresent(answer.getData(), "data", violations);
    requirePresent(answer.getSources(), "sources", violations);
    requirePresent(answer.getMessage(), "message", violations);
    List<Source> sources = answer.getSources() == null ? List.of() : answer.getSources();
    for (int i = 0; i < sources.size(); i++) {
      Source source = sources.get(i);
      String at = "sources[" + i + "]";
      if (source == null) {
        violations.add(violation(at, "source is missing"));
        continue;
      }
      requirePresent(source.getType(), at + ".type", violations);
      requireText(source.getUrl(), at + ".url", violations);
      requireText(source.getRef(), at + ".ref", violations);
      requireText(source.getPath(), at + ".path", violations);
    }
    return violations;
  }

  private void requirePresent(Object value, String field, List<RuleViolation> violations) {
    if (value == null) {
      violations.add(violation(field, "required field " + field + " is missing"));
    }
  }

  private void requireText(String value, String field, List<RuleViolation> violations) {
    if (value == null || value.isBlank()) {
      violations.add(violation(field, "required field " + field + " is missing or blank"));
    }
  }
}
