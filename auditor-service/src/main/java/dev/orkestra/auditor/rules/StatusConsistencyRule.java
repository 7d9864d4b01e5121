package dev.orkestra.auditor.rules;

import dev.orkestra.events.query.Answer;
import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.QueryData;
import dev.orkestra.events.query.ResponseStatus;
import dev.orkestra.events.query.RuleViolation;
import java.util.ArrayList;
import java.util.List;

/**
 * Status, data, sources and message agree (seed 000): success has data — the part its action asks
 * for — and sources, and no failure prefix; not_available and error have empty data, no sources and
 * a message starting {@code NOT_AVAILABLE: } or {@code ERROR: }.
 */
public final class StatusConsistencyRule implements AuditRule {

  public static final String NAME = "status_consistency";
  static final String NOT_AVAILABLE_PREFIX = "NOT_AVAILABLE: ";
  static final String ERROR_PREFIX = "ERROR: ";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<RuleViolation> check(AuditRequested request) {
    List<RuleViolation> violations = new ArrayList<>();
    Answer answer = request.getAnswer();
    if (answer == null || answer.getStatus() == null) {
      return violations; // schema_valid reports it
    }
    QueryData data = answer.getData();
    boolean hasSources = answer.getSources() != null && !answer.getSources().isEmpty();
    String message = answer.getMessage() == null ? "" : answer.getMessage();
    switch (answer.getStatus()) {
      case SUCCESS -> {
        if (AnswerData.isEmpty(data)) {
          violations.add(violation("data", "a success response must have data"));
        } else {
          checkActionData(request.getAction(), data, violations);
        }
        if (!hasSources) {
          violations.add(violation("sources", "a success response must have sources"));
        }
        if (message.startsWith("NOT_AVAILABLE:") || message.startsWith("ERROR:")) {
          violations.add(violation("message", "a success response must not carry a failure message"));
        }
      }
      case NOT_AVAILABLE, ERROR -> {
        String status = answer.getStatus() == ResponseStatus.ERROR ? "an error" : "a not_available";
        if (!AnswerData.isEmpty(data)) {
          violations.add(violation("data", status + " response must have empty data"));
        }
        if (hasSources) {
          violations.add(violation("sources", status + " response must have no sources"));
        }
        String prefix = answer.getStatus() == ResponseStatus.ERROR ? ERROR_PREFIX : NOT_AVAILABLE_PREFIX;
        if (!message.startsWith(prefix)) {
          violations.add(violation("message", status + " response's message must start with \"" + prefix + "\""));
        }
      }
    }
    return violations;
  }

  private void checkActionData(QueryAction action, QueryData data, List<RuleViolation> violations) {
    if (action == null) {
      return;
    }
    switch (action) {
      case GET_FILE -> {
        if (data.getFile() == null) {
          violations.add(violation("data.file", "a get_file answer must carry the file"));
        }
      }
      case GET_LINES -> {
        if (data.getLines() == null) {
          violations.add(violation("data.lines", "a get_lines answer must carry the lines"));
        }
      }
      case FIND, EXPLAIN -> {
        if (data.getMatches() == null || data.getMatches().isEmpty()) {
          violations.add(violation("data.matches", "a " + action.name().toLowerCase() + " answer must carry matches"));
        }
      }
    }
  }
}
