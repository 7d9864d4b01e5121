package dev.orkestra.gate.verdict;

import dev.orkestra.events.task.CheckKind;
import dev.orkestra.events.task.Finding;
import dev.orkestra.events.task.FindingCategory;
import dev.orkestra.events.task.GateCheck;
import dev.orkestra.events.task.Location;
import dev.orkestra.events.task.QualityPolicy;
import dev.orkestra.events.task.Severity;
import dev.orkestra.gate.measure.CheckRun;
import dev.orkestra.gate.measure.Measurement;
import dev.orkestra.gate.plan.QualityConfig;
import dev.orkestra.gate.report.Coverage;
import dev.orkestra.gate.report.FailedTest;
import dev.orkestra.gate.report.ToolFinding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Seed 002's rules and seed 004's thresholds applied to a commit measured against its base: what
 * blocks, and what each failed check tells the implementer's next attempt (its output tail). Every
 * rule is a check of its own in the result, so the coordinator's feedback names it.
 */
public final class GateVerdict {

  /** Findings kept in one result (introduced first): a lint run over a legacy tree must not outgrow a record. */
  static final int MAX_FINDINGS = 300;
  /** Lines of a synthesized check's tail (failed tests, new warnings). */
  static final int MAX_TAIL_ITEMS = 30;
  /** Kinds whose tools exit non-zero because they found something: their findings decide, not the exit code. */
  private static final Set<CheckKind> FINDING_TOOLS = EnumSet.of(CheckKind.LINT, CheckKind.TYPECHECK, CheckKind.SECURITY);

  private GateVerdict() {}

  /** @param base the base commit's measurement; null when the request names no base (nothing is old) */
  public static Verdict decide(QualityPolicy policy, QualityConfig config, Measurement head, Measurement base) {
    List<GateCheck> checks = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    List<FindingMatcher.Judged> judged = FindingMatcher.judge(head.findings(), base == null ? null : base.findings());
    boolean anyFindings = !head.findings().isEmpty();

    if (config.commands().isEmpty()) {
      fail(checks, reasons, "commands", CheckKind.BUILD, "nothing to run: no " + ".orkestra/quality.yml, no task "
          + "commands, and no Maven, Gradle, npm, pytest, flake8 or ruff project detected");
    }
    for (CheckRun run : head.checks()) {
      checks.add(commandCheck(run, policy, head, anyFindings, reasons));
    }
    testsCheck(policy, head, base, checks, reasons);
    warningsCheck(policy, judged, checks, reasons);
    Coverage before = base == null ? Coverage.NONE : base.coverage();
    coverageCheck(policy, config, before, head.coverage(), checks, reasons);
    thresholdsCheck(config, judged, head, base, checks, reasons);
    if (!head.problems().isEmpty()) {
      fail(checks, reasons, "reports", CheckKind.CUSTOM, String.join("\n", head.problems()));
    }

    List<Finding> findings = findings(judged, head, base);
    int warnings = (int) head.findings().stream().filter(f -> f.category() != FindingCategory.BUILD).count();
    boolean passed = checks.stream().allMatch(c -> c.getPassed() || c.getSkipped());
    boolean testsMeasured = head.tests().run() > 0 || head.checks().stream().anyMatch(c -> c.kind() == CheckKind.TEST);
    String summary = passed ? passedSummary(head, before, judged) : "failed: " + String.join("; ", reasons);
    return new Verdict(passed, checks, findings, before.measured() ? round(before.percent()) : null,
        head.coverage().measured() ? round(head.coverage().percent()) : null, warnings,
        testsMeasured ? head.tests().run() : null, testsMeasured ? head.tests().failed().size() : null, summary);
  }

  private static GateCheck commandCheck(CheckRun run, QualityPolicy policy, Measurement head, boolean anyFindings,
      List<String> reasons) {
    boolean passed;
    boolean skipped = run.kind() == CheckKind.HOOKS && !policy.getGitHooksPass();
    String tail = run.notRun() != null ? run.notRun() : run.tail();
    if (run.succeeded()) {
      passed = true;
    } else if (run.notRun() == null && !run.timedOut() && run.kind() == CheckKind.TEST
        && !head.tests().failed().isEmpty()) {
      // The failing tests are the reason; the "tests" check judges them (and names them).
      passed = true;
    } else if (run.notRun() == null && !run.timedOut() && FINDING_TOOLS.contains(run.kind()) && anyFindings) {
      passed = true;
    } else {
      passed = false;
      if (!skipped) {
        reasons.add(run.name() + (run.notRun() != null ? " not run (the gate's time was up)"
            : run.timedOut() ? " timed out after " + run.durationMs() / 1000 + " s" : " failed (exit " + run.exitCode() + ")"));
      }
    }
    return GateCheck.newBuilder().setName(run.name()).setKind(run.kind()).setCommand(run.command()).setPassed(passed)
        .setSkipped(skipped).setExitCode(run.exitCode()).setDurationMs(run.durationMs()).setOutputTail(tail).build();
  }

  private static void testsCheck(QualityPolicy policy, Measurement head, Measurement base, List<GateCheck> checks,
      List<String> reasons) {
    boolean ranTests = head.tests().run() > 0 || head.checks().stream().anyMatch(c -> c.kind() == CheckKind.TEST);
    if (!ranTests) {
      return;
    }
    List<FailedTest> failed = head.tests().failed();
    int baseRun = base == null ? 0 : base.tests().run();
    String problem = null;
    if (!failed.isEmpty()) {
      problem = failed.size() + " of " + head.tests().run() + " tests failed ("
          + failed.stream().limit(5).map(FailedTest::fullName).collect(Collectors.joining(", "))
          + (failed.size() > 5 ? ", ..." : "") + ")";
    } else if (head.tests().run() == 0 && baseRun > 0) {
      problem = "no tests ran; the base commit ran " + baseRun;
    }
    GateCheck.Builder check = GateCheck.newBuilder().setName("tests").setKind(CheckKind.TEST)
        .setSkipped(!policy.getAllTestsPass()).setPassed(problem == null);
    if (problem == null) {
      check.setOutputTail(head.tests().run() + " tests ran, " + head.tests().skipped() + " skipped, none failed");
    } else {
      StringBuilder tail = new StringBuilder(problem).append('\n');
      failed.stream().limit(MAX_TAIL_ITEMS).forEach(t -> tail.append(t.error() ? "ERROR " : "FAILED ")
          .append(t.fullName()).append(": ").append(t.message()).append('\n'));
      check.setOutputTail(tail.toString());
      if (policy.getAllTestsPass()) {
        reasons.add(problem);
      }
    }
    checks.add(check.build());
  }

  private static void warningsCheck(QualityPolicy policy, List<FindingMatcher.Judged> judged, List<GateCheck> checks,
      List<String> reasons) {
    List<ToolFinding> introduced = judged.stream().filter(FindingMatcher.Judged::introduced)
        .map(FindingMatcher.Judged::finding).toList();
    GateCheck.Builder check = GateCheck.newBuilder().setName("zero-warnings").setKind(CheckKind.LINT)
        .setSkipped(!policy.getZeroWarnings()).setPassed(introduced.isEmpty());
    if (introduced.isEmpty()) {
      check.setOutputTail("no new warnings (" + judged.size() + " found, all present at the base)");
    } else {
      String problem = introduced.size() + " new warning" + (introduced.size() == 1 ? "" : "s") + " ("
          + introduced.stream().limit(3).map(f -> f.where().isEmpty() ? f.tool() : f.where())
              .collect(Collectors.joining(", ")) + (introduced.size() > 3 ? ", ..." : "") + ")";
      StringBuilder tail = new StringBuilder(problem).append('\n');
      introduced.stream().limit(MAX_TAIL_ITEMS).forEach(f -> tail.append(describe(f)).append('\n'));
      check.setOutputTail(tail.toString());
      if (policy.getZeroWarnings()) {
        reasons.add(problem);
      }
    }
    checks.add(check.build());
  }

  private static void coverageCheck(QualityPolicy policy, QualityConfig config, Coverage before, Coverage after,
      List<GateCheck> checks, List<String> reasons) {
    Double minimum = policy.getMinCoveragePercent() != null ? policy.getMinCoveragePercent() : config.minCoverage();
    if (!policy.getNoCoverageRegression() && minimum == null) {
      return;
    }
    String problem = null;
    String note;
    if (!after.measured()) {
      note = "coverage not measured (no JaCoCo or Cobertura report)";
      if (minimum != null) {
        problem = note + ", but at least " + percent(minimum) + " is required";
      }
    } else {
      note = "line coverage " + percent(after.percent()) + " (" + after.covered() + " of " + after.total() + " lines)"
          + (before.measured() ? ", base " + percent(before.percent()) : "");
      // Compared as fractions, not rounded percentages: one uncovered line added to a large module still counts.
      if (policy.getNoCoverageRegression() && before.measured()
          && after.covered() * before.total() < before.covered() * after.total()) {
        problem = "coverage fell from " + percent(before.percent()) + " to " + percent(after.percent());
      } else if (minimum != null && after.percent() < minimum) {
        problem = "coverage " + percent(after.percent()) + " is below the required " + percent(minimum);
      }
    }
    checks.add(GateCheck.newBuilder().setName("coverage").setKind(CheckKind.COVERAGE).setPassed(problem == null)
        .setOutputTail(problem == null ? note : problem + "\n" + note).build());
    if (problem != null) {
      reasons.add(problem);
    }
  }

  private static void thresholdsCheck(QualityConfig config, List<FindingMatcher.Judged> judged, Measurement head,
      Measurement base, List<GateCheck> checks, List<String> reasons) {
    if (config.maxMajor() == null && config.maxMedium() == null) {
      return;
    }
    long major = introducedTests(head, base) + judged.stream()
        .filter(j -> j.introduced() && j.finding().severity() == Severity.MAJOR).count();
    long medium = judged.stream().filter(j -> j.introduced() && j.finding().severity() == Severity.MEDIUM).count();
    List<String> over = new ArrayList<>();
    if (config.maxMajor() != null && major > config.maxMajor()) {
      over.add(major + " new major findings, at most " + config.maxMajor() + " allowed (max_major)");
    }
    if (config.maxMedium() != null && medium > config.maxMedium()) {
      over.add(medium + " new medium findings, at most " + config.maxMedium() + " allowed (max_medium)");
    }
    checks.add(GateCheck.newBuilder().setName("thresholds").setKind(CheckKind.CUSTOM).setPassed(over.isEmpty())
        .setOutputTail(over.isEmpty() ? "new findings: " + major + " major, " + medium + " medium" : String.join("\n", over))
        .build());
    reasons.addAll(over);
  }

  /** Test failures first (MAJOR, introduced unless the base failed the same test), then tool findings; introduced first. */
  private static List<Finding> findings(List<FindingMatcher.Judged> judged, Measurement head, Measurement base) {
    Set<String> failingAtBase = base == null ? Set.of()
        : base.tests().failed().stream().map(FailedTest::fullName).collect(Collectors.toSet());
    List<Finding> all = new ArrayList<>();
    for (FailedTest test : head.tests().failed()) {
      all.add(Finding.newBuilder().setSeverity(Severity.MAJOR).setCategory(FindingCategory.TEST)
          .setMessage("test " + test.fullName() + (test.error() ? " erred: " : " failed: ") + test.message())
          .setRule(test.fullName()).setTool("junit").setIntroduced(!failingAtBase.contains(test.fullName())).build());
    }
    for (FindingMatcher.Judged j : judged) {
      ToolFinding f = j.finding();
      all.add(Finding.newBuilder().setSeverity(f.severity()).setCategory(f.category())
          .setLocation(f.path() == null ? null
              : Location.newBuilder().setPath(f.path()).setLine(f.line()).setColumn(f.column()).build())
          .setMessage(f.message()).setRule(f.rule()).setTool(f.tool()).setIntroduced(j.introduced()).build());
    }
    all.sort(Comparator.comparing((Finding f) -> !f.getIntroduced()).thenComparing(Finding::getSeverity));
    return all.size() > MAX_FINDINGS ? all.subList(0, MAX_FINDINGS) : all;
  }

  private static long introducedTests(Measurement head, Measurement base) {
    Set<String> failingAtBase = base == null ? Set.of()
        : base.tests().failed().stream().map(FailedTest::fullName).collect(Collectors.toSet());
    return head.tests().failed().stream().filter(t -> !failingAtBase.contains(t.fullName())).count();
  }

  private static String passedSummary(Measurement head, Coverage before, List<FindingMatcher.Judged> judged) {
    StringBuilder text = new StringBuilder("passed: ").append(head.tests().run()).append(" tests, ")
        .append(judged.size()).append(" warnings (none new)");
    if (head.coverage().measured()) {
      text.append(", coverage ").append(percent(head.coverage().percent()));
      if (before.measured()) {
        text.append(" (base ").append(percent(before.percent())).append(')');
      }
    }
    return text.toString();
  }

  private static void fail(List<GateCheck> checks, List<String> reasons, String name, CheckKind kind, String why) {
    checks.add(GateCheck.newBuilder().setName(name).setKind(kind).setPassed(false).setOutputTail(why).build());
    reasons.add(why.lines().findFirst().orElse(why));
  }

  static String describe(ToolFinding f) {
    return f.severity().name() + " " + (f.where().isEmpty() ? "" : f.where() + " ") + "[" + f.tool()
        + (f.rule() == null ? "" : " " + f.rule()) + "] " + f.message();
  }

  private static String percent(double value) {
    return String.format(Locale.ROOT, "%.1f%%", value);
  }

  private static double round(double value) {
    return Math.round(value * 100.0) / 100.0;
  }
}
