package dev.orkestra.coordinator.task;

import dev.orkestra.events.task.CheckKind;
import dev.orkestra.events.task.Finding;
import dev.orkestra.events.task.GateCheck;
import dev.orkestra.events.task.GateResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a quality-gate result is read (seed 002: "NO EXCEPTIONS"), and what of it goes back to the
 * implementer ("ANY test fails -> BLOCK merge, send logs back to Implementer").
 */
final class GatePolicy {

  private GatePolicy() {}

  /**
   * Passed only when the gate says so and no check it ran failed: a result that contradicts itself
   * is read the strict way, as the contracts read unknown values (more scrutiny, never less).
   */
  static boolean passed(GateResult result) {
    return result.getPassed() && failedChecks(result).isEmpty();
  }

  /** Seed 002: "Breaking API changes detected" escalates at once, whatever else the gate found. */
  static boolean breakingChange(GateResult result) {
    return failedChecks(result).stream().anyMatch(check -> check.getKind() == CheckKind.BREAKING_CHANGES);
  }

  /** For the next attempt: each failed check with its output's end, then the findings it introduced. */
  static List<String> feedback(GateResult result) {
    Feedback feedback = new Feedback();
    for (GateCheck check : failedChecks(result)) {
      String exit = check.getExitCode() == null ? "" : " (exit " + check.getExitCode() + ")";
      String output = check.getOutputTail() == null || check.getOutputTail().isBlank()
          ? "" : ":\n" + check.getOutputTail().strip();
      feedback.add("gate: ", check.getName() + " failed" + exit + output);
    }
    if (result.getTestsFailed() != null && result.getTestsFailed() > 0) {
      feedback.add("gate: ", result.getTestsFailed() + (result.getTestsRun() == null ? "" : " of " + result.getTestsRun())
          + " tests failed");
    }
    if (result.getCoverageBefore() != null && result.getCoverageAfter() != null
        && result.getCoverageAfter() < result.getCoverageBefore()) {
      feedback.add("gate: ", String.format(Locale.ROOT, "coverage fell from %.1f%% to %.1f%%",
          result.getCoverageBefore(), result.getCoverageAfter()));
    }
    for (Finding finding : result.getFindings()) {
      if (finding.getIntroduced()) {
        feedback.add("finding: ", describe(finding));
      }
    }
    if (feedback.isEmpty()) {
      feedback.add("gate: ", result.getSummary() == null || result.getSummary().isBlank()
          ? "failed, no check named" : result.getSummary());
    }
    return feedback.lines();
  }

  /** The issue in one line, for a state change's reason. */
  static String issue(GateResult result) {
    if (result.getSummary() != null && !result.getSummary().isBlank()) {
      return result.getSummary().strip();
    }
    List<String> names = failedChecks(result).stream().map(GateCheck::getName).toList();
    return names.isEmpty() ? "the gate did not pass" : "failed checks: " + String.join(", ", names);
  }

  private static List<GateCheck> failedChecks(GateResult result) {
    List<GateCheck> failed = new ArrayList<>();
    for (GateCheck check : result.getChecks()) {
      if (!check.getPassed() && !check.getSkipped()) {
        failed.add(check);
      }
    }
    return failed;
  }

  private static String describe(Finding finding) {
    StringBuilder text = new StringBuilder(finding.getSeverity().name()).append(' ')
        .append(finding.getCategory().name().toLowerCase(Locale.ROOT));
    if (finding.getLocation() != null) {
      text.append(' ').append(finding.getLocation().getPath());
      if (finding.getLocation().getLine() != null) {
        text.append(':').append(finding.getLocation().getLine());
      }
    }
    text.append(": ").append(finding.getMessage());
    if (finding.getTool() != null || finding.getRule() != null) {
      text.append(" [").append(finding.getTool() == null ? "" : finding.getTool())
          .append(finding.getTool() != null && finding.getRule() != null ? " " : "")
          .append(finding.getRule() == null ? "" : finding.getRule()).append(']');
    }
    return text.toString();
  }
}
