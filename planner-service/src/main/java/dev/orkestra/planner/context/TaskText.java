package dev.orkestra.planner.context;

import dev.orkestra.events.task.QualityPolicy;
import java.util.ArrayList;
import java.util.List;

/** A task's rules as prompt text, worded once for every task role (planner, reviewer). */
public final class TaskText {

  private TaskText() {}

  /** The quality gate's rules in words, e.g. "ZERO-WARNINGS: no new warning from the build or linters". */
  public static String quality(QualityPolicy policy) {
    List<String> rules = new ArrayList<>();
    if (policy.getZeroWarnings()) {
      rules.add("ZERO-WARNINGS: no new warning from the build or linters");
    }
    if (policy.getAllTestsPass()) {
      rules.add("every test passes");
    }
    if (policy.getNoCoverageRegression()) {
      rules.add("test coverage does not decrease");
    }
    if (policy.getMinCoveragePercent() != null) {
      rules.add("line coverage at least " + policy.getMinCoveragePercent() + "%");
    }
    if (policy.getGitHooksPass()) {
      rules.add("the repository's git hooks pass");
    }
    if (!policy.getCommands().isEmpty()) {
      rules.add("the gate runs: " + String.join("; ", policy.getCommands()));
    }
    return bullets(rules, "(none)");
  }

  /** One "- " line per entry, or {@code none} when there are none. */
  public static String bullets(List<String> lines, String none) {
    if (lines.isEmpty()) {
      return none;
    }
    StringBuilder out = new StringBuilder();
    lines.forEach(line -> out.append("- ").append(line.strip()).append('\n'));
    return out.toString().stripTrailing();
  }
}
