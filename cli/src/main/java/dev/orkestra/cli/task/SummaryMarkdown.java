package dev.orkestra.cli.task;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A {@link TaskSummary} as markdown: seed 002's completion block ({@code [ORCHESTRATOR] Task …
 * completed / Branch / Commits / Tests / Coverage / Warnings / Cost / Time}) in a code block, then
 * seed 004's export tables: steps, cost by model and role, decisions, findings.
 */
public final class SummaryMarkdown {

  private SummaryMarkdown() {}

  public static String render(TaskSummary s) {
    StringBuilder md = new StringBuilder("# Task " + s.taskId() + "\n\n```\n");
    String tag = "[ORCHESTRATOR] ";
    md.append(tag).append("Task ").append(s.taskId()).append(' ').append(headline(s)).append('\n');
    md.append(tag).append("Branch: ").append(orNone(s.branch()))
        .append(s.headSha() == null ? "" : " at " + s.headSha().substring(0, Math.min(12, s.headSha().length())))
        .append('\n');
    md.append(tag).append("Commits: ").append(s.commits()).append('\n');
    md.append(tag).append("Steps: ").append(s.stepsCompleted()).append('/').append(s.stepsTotal()).append('\n');
    md.append(tag).append("Tests: ").append(s.tests() == null ? "not reported"
        : s.tests().passed() + " passed, " + s.tests().failed() + " failed").append('\n');
    md.append(tag).append("Coverage: ").append(coverage(s.coverage())).append('\n');
    md.append(tag).append("Warnings: ").append(warnings(s.warnings())).append('\n');
    md.append(tag).append("Cost: ").append(String.format(Locale.ROOT, "$%.2f", s.costUsd())).append(calls(s.costs()))
        .append('\n');
    md.append(tag).append("Time: ").append(time(s.durationMs())).append(s.finished() ? "" : " so far").append('\n');
    md.append("```\n");
    if (s.reason() != null) {
      md.append("\nLatest: ").append(cell(s.reason())).append('\n');
    }
    if (!s.planReviews().isEmpty()) {
      md.append("\n## Plan reviews\n\n| plan | reviewer | verdict |\n|---|---|---|\n");
      s.planReviews().forEach(r -> md.append("| v").append(r.planVersion()).append(" | ").append(r.reviewer())
          .append(" | ").append(r.verdict()).append(" |\n"));
    }
    md.append("\n## Steps\n\n");
    if (s.steps().isEmpty()) {
      md.append("No plan yet.\n");
    } else {
      md.append("| step | description | status | implementer | reviewer | attempts | verdicts | gate | commit |\n")
          .append("|---|---|---|---|---|---|---|---|---|\n");
      for (TaskSummary.Step step : s.steps()) {
        md.append("| ").append(step.id()).append(" | ").append(cell(orNone(step.description()))).append(" | ")
            .append(step.status()).append(" | ").append(list(step.implementers())).append(" | ")
            .append(list(step.reviewers())).append(" | ").append(step.attempts()).append(" | ")
            .append(list(step.verdicts())).append(" | ").append(list(step.gates())).append(" | ")
            .append(step.commitSha() == null ? "–" : step.commitSha().substring(0, Math.min(12, step.commitSha().length())))
            .append(" |\n");
      }
    }
    md.append("\n## Cost by model and role\n\n");
    if (s.costs().isEmpty()) {
      md.append("No model calls reported.\n");
    } else {
      md.append("| role | model | calls | input tokens | output tokens | cost |\n|---|---|---|---|---|---|\n");
      s.costs().forEach(c -> md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | $%.4f |%n", c.role(),
          c.model(), c.calls(), c.inputTokens(), c.outputTokens(), c.costUsd())));
    }
    md.append("\n## Decisions\n\n");
    if (s.decisions().isEmpty()) {
      md.append("None: no person was asked.\n");
    } else {
      md.append("| when | by | decision | step | comment | applied |\n|---|---|---|---|---|---|\n");
      s.decisions().forEach(d -> md.append("| ").append(d.time()).append(" | ").append(cell(d.by())).append(" | ")
          .append(d.decision()).append(" | ").append(orNone(d.stepId())).append(" | ")
          .append(cell(orNone(d.comment()))).append(" | ").append(d.applied() ? "yes" : "no").append(" |\n"));
    }
    TaskSummary.FindingCounts counts = s.findingCounts();
    md.append("\n## Findings\n\n").append(counts.major()).append(" major, ").append(counts.medium())
        .append(" medium, ").append(counts.minor()).append(" minor (each step's last gate run)\n");
    if (!s.findings().isEmpty()) {
      md.append("\n| step | severity | category | location | message | tool | new |\n|---|---|---|---|---|---|---|\n");
      s.findings().forEach(f -> md.append("| ").append(f.stepId()).append(" | ").append(f.severity()).append(" | ")
          .append(f.category()).append(" | ").append(cell(orNone(f.location()))).append(" | ")
          .append(cell(f.message())).append(" | ").append(orNone(f.tool())).append(" | ")
          .append(f.introduced() ? "yes" : "no").append(" |\n"));
    }
    return md.toString();
  }

  private static String headline(TaskSummary s) {
    if (s.state() == null) {
      return "has no events yet";
    }
    return switch (s.state()) {
      case "DONE" -> "completed";
      case "FAILED" -> "failed";
      case "STOPPED" -> "stopped";
      default -> "is " + s.state() + " (running)";
    };
  }

  private static String coverage(TaskSummary.Coverage coverage) {
    if (coverage == null) {
      return "not measured";
    }
    String percent = String.format(Locale.ROOT, "%.1f%%", coverage.percent());
    if (coverage.change() == null) {
      return percent;
    }
    double change = coverage.change();
    return percent + String.format(Locale.ROOT, " (%s%.1f%%)", change > 0 ? "↑" : change < 0 ? "↓" : "±",
        Math.abs(change));
  }

  private static String warnings(TaskSummary.Warnings warnings) {
    if (warnings == null) {
      return "not reported";
    }
    return warnings.count() + (warnings.introduced() == 0 ? " (no new warnings: ZERO-WARNINGS maintained)"
        : " (" + warnings.introduced() + " new)");
  }

  /** Seed 002's "(5 Sonnet calls, 7 Pro/Flash calls)": calls per model, over all roles. */
  private static String calls(List<TaskSummary.Cost> costs) {
    if (costs.isEmpty()) {
      return "";
    }
    Map<String, Integer> byModel = new TreeMap<>();
    costs.forEach(c -> byModel.merge(c.model(), c.calls(), Integer::sum));
    return byModel.entrySet().stream().map(e -> e.getValue() + " " + e.getKey() + (e.getValue() == 1 ? " call" : " calls"))
        .collect(Collectors.joining(", ", " (", ")"));
  }

  /** Seed 002's "1h 23min". */
  static String time(long millis) {
    Duration d = Duration.ofMillis(millis);
    if (d.toHours() > 0) {
      return d.toHours() + "h " + d.toMinutesPart() + "min";
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + "min " + d.toSecondsPart() + "s";
    }
    return d.toSeconds() + "s";
  }

  private static String list(List<String> values) {
    return values.isEmpty() ? "–" : String.join(", ", values);
  }

  private static String orNone(String value) {
    return value == null ? "–" : value;
  }

  /** A table cell: one line, and a pipe that does not end the cell. */
  private static String cell(String text) {
    return text.replace("\r", " ").replace("\n", " ").replace("|", "\\|");
  }
}
