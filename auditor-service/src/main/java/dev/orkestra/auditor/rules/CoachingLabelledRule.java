package dev.orkestra.auditor.rules;

import dev.orkestra.events.query.Answer;
import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.Coaching;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.ResponseStatus;
import dev.orkestra.events.query.RuleViolation;
import java.util.ArrayList;
import java.util.List;

/**
 * Coaching is never presented as fact and never appears unasked (seed 000 "Labels all suggestions"):
 * present coaching is labelled "suggestion" and has text; coaching nobody requested is a violation;
 * a successful find/explain answer to a coaching request carries coaching (suggestions, or the
 * NOT_AVAILABLE text saying why there are none) rather than silently dropping it.
 */
public final class CoachingLabelledRule implements AuditRule {

  public static final String NAME = "coaching_labelled";
  public static final String LABEL = "suggestion";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<RuleViolation> check(AuditRequested request) {
    List<RuleViolation> violations = new ArrayList<>();
    Answer answer = request.getAnswer();
    if (answer == null || answer.getData() == null) {
      return violations;
    }
    Coaching coaching = answer.getData().getCoaching();
    if (coaching != null) {
      if (!LABEL.equals(coaching.getLabel())) {
        violations.add(violation("data.coaching.label", "coaching must be labelled \"" + LABEL + "\""));
      }
      if (coaching.getText() == null || coaching.getText().isBlank()) {
        violations.add(violation("data.coaching.text", "coaching has no text"));
      }
      if (!request.getCoachingRequested()) {
        violations.add(violation("data.coaching", "coaching was not requested"));
      }
    } else if (request.getCoachingRequested() && answer.getStatus() == ResponseStatus.SUCCESS
        && (request.getAction() == QueryAction.FIND || request.getAction() == QueryAction.EXPLAIN)) {
      violations.add(violation("data.coaching",
          "coaching was requested but the answer neither has it nor says it is NOT_AVAILABLE"));
    }
    return violations;
  }
}
