package dev.orkestra.gate.report;

import dev.orkestra.events.task.FindingCategory;
import dev.orkestra.events.task.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * flake8's default output and ruff's concise one: {@code path:line:col: CODE message}. Severity by
 * code family: what is a bug before it runs (syntax errors E9, undefined names F82x, F63x, F7x)
 * MAJOR; other pyflakes findings (unused imports, redefinitions) MEDIUM; style (E, W, C, N, D ...)
 * MINOR.
 */
public final class Flake8Output {

  private static final Pattern LINE = Pattern.compile("^(.+?):(\\d+):(?:(\\d+):)? ([A-Z]+[0-9]+) (.*)$");
  private static final Pattern MAJOR = Pattern.compile("^(E9\\d\\d|F82\\d|F63\\d|F7\\d\\d)$");

  private Flake8Output() {}

  /** @param tool the tool that printed it ({@code flake8}, {@code ruff}): part of what identifies a finding */
  public static List<ToolFinding> parse(List<String> lines, Path root, String tool) {
    List<ToolFinding> findings = new ArrayList<>();
    for (String line : lines) {
      Matcher m = LINE.matcher(line.strip());
      if (!m.matches()) {
        continue;
      }
      String code = m.group(4);
      Severity severity = MAJOR.matcher(code).matches() ? Severity.MAJOR
          : code.startsWith("F") ? Severity.MEDIUM : Severity.MINOR;
      findings.add(new ToolFinding(tool, code, FindingPaths.relative(m.group(1), root), Integer.parseInt(m.group(2)),
          m.group(3) == null ? null : Integer.parseInt(m.group(3)), m.group(5).strip(), severity,
          FindingCategory.LINT));
    }
    return findings;
  }
}
