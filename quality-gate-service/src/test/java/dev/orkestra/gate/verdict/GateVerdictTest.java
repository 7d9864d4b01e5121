package dev.orkestra.gate.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.task.CheckKind;
import dev.orkestra.events.task.FindingCategory;
import dev.orkestra.events.task.GateCheck;
import dev.orkestra.events.task.QualityPolicy;
import dev.orkestra.events.task.Severity;
import dev.orkestra.gate.measure.CheckRun;
import dev.orkestra.gate.measure.Measurement;
import dev.orkestra.gate.plan.GateCommand;
import dev.orkestra.gate.plan.QualityConfig;
import dev.orkestra.gate.report.Coverage;
import dev.orkestra.gate.report.FailedTest;
import dev.orkestra.gate.report.TestSummary;
import dev.orkestra.gate.report.ToolFinding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What blocks, rule by rule, on measurements made up for each case. */
class GateVerdictTest {

  private static final QualityConfig CONFIG = config(null, null, null);
  private static final ToolFinding OLD = lint("A.java", 3, "old warning", Severity.MEDIUM);
  private static final ToolFinding NEW = lint("A.java", 9, "new warning", Severity.MEDIUM);

  private static QualityConfig config(Integer maxMajor, Integer maxMedium, Double minCoverage) {
    return new QualityConfig("test", List.of(new GateCommand("build", CheckKind.TEST, "mvn verify", null, List.of(),
        List.of())), maxMajor, maxMedium, minCoverage);
  }

  private static ToolFinding lint(String path, int line, String message, Severity severity) {
    return new ToolFinding("javac", null, path, line, null, message, severity, FindingCategory.LINT);
  }

  private static Measurement measured(int exit, TestSummary tests, Coverage coverage, List<ToolFinding> findings) {
    return new Measurement("c", List.of(new CheckRun("build", CheckKind.TEST, "mvn verify", exit, false, 10, "tail",
        false, null, 0)), tests, coverage, findings, List.of(), true);
  }

  private static final Measurement BASE = measured(0, new TestSummary(4, 0, List.of()), new Coverage(80, 100),
      List.of(OLD));

  private static QualityPolicy.Builder policy() {
    return QualityPolicy.newBuilder();
  }

  private static GateCheck check(Verdict verdict, String name) {
    return verdict.checks().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void allGreenPasses() {
    Verdict verdict = GateVerdict.decide(policy().build(), CONFIG,
        measured(0, new TestSummary(5, 0, List.of()), new Coverage(81, 100), List.of(OLD)), BASE);

    assertThat(verdict.passed()).as(verdict.summary()).isTrue();
    assertThat(verdict.summary()).startsWith("passed: 5 tests, 1 warnings (none new), coverage 81.0% (base 80.0%)");
    assertThat(verdict.findings()).singleElement().satisfies(f -> assertThat(f.getIntroduced()).isFalse());
  }

  @Test
  void aFailingTestBlocksUnlessThePolicyLetsTestsFail() {
    Measurement head = measured(1, new TestSummary(5, 0, List.of(new FailedTest("a.BTest", "c", "expected 1", false))),
        new Coverage(80, 100), List.of(OLD));

    Verdict strict = GateVerdict.decide(policy().build(), CONFIG, head, BASE);
    Verdict lenient = GateVerdict.decide(policy().setAllTestsPass(false).build(), CONFIG, head, BASE);

    assertThat(strict.passed()).isFalse();
    assertThat(strict.summary()).contains("1 of 5 tests failed (a.BTest.c)");
    assertThat(check(strict, "build").getPassed()).as("the exit code is explained by the failing test").isTrue();
    assertThat(lenient.passed()).isTrue();
    assertThat(check(lenient, "tests").getSkipped()).isTrue();
  }

  @Test
  void aBuildThatFailsWithoutFailingTestsBlocks() {
    Verdict verdict = GateVerdict.decide(policy().build(), CONFIG,
        measured(1, TestSummary.NONE, Coverage.NONE, List.of()), BASE);

    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.summary()).contains("build failed (exit 1)").contains("no tests ran; the base commit ran 4");
  }

  @Test
  void aNewWarningBlocksUnderZeroWarningsAndOnlyCountsAgainstThresholdsOtherwise() {
    Measurement head = measured(0, new TestSummary(4, 0, List.of()), new Coverage(80, 100), List.of(OLD, NEW));

    Verdict zero = GateVerdict.decide(policy().build(), CONFIG, head, BASE);
    Verdict allowed = GateVerdict.decide(policy().setZeroWarnings(false).build(), CONFIG, head, BASE);
    Verdict overMedium = GateVerdict.decide(policy().setZeroWarnings(false).build(), config(null, 0, null), head, BASE);

    assertThat(zero.passed()).isFalse();
    assertThat(zero.summary()).contains("1 new warning (A.java:9)");
    assertThat(zero.findings().getFirst().getIntroduced()).isTrue();
    assertThat(allowed.passed()).isTrue();
    assertThat(overMedium.passed()).isFalse();
    assertThat(overMedium.summary()).contains("1 new medium findings, at most 0 allowed (max_medium)");
  }

  @Test
  void maxMajorCountsNewFailedTestsAndMajorFindings() {
    Measurement head = measured(1, new TestSummary(4, 0, List.of(new FailedTest("T", "t", "x", false))),
        new Coverage(80, 100), List.of(lint("B.java", 1, "boom", Severity.MAJOR)));

    Verdict verdict = GateVerdict.decide(policy().setAllTestsPass(false).setZeroWarnings(false).build(),
        config(1, null, null), head, BASE);

    assertThat(verdict.passed()).isFalse();
    assertThat(check(verdict, "thresholds").getOutputTail()).contains("2 new major findings, at most 1 allowed");
  }

  @Test
  void coverageBelowTheBaseOrTheMinimumBlocks() {
    Measurement lower = measured(0, new TestSummary(4, 0, List.of()), new Coverage(799, 1000), List.of(OLD));
    Measurement higher = measured(0, new TestSummary(4, 0, List.of()), new Coverage(85, 100), List.of(OLD));

    assertThat(GateVerdict.decide(policy().build(), CONFIG, lower, BASE).summary())
        .contains("coverage fell from 80.0% to 79.9%");
    assertThat(GateVerdict.decide(policy().setNoCoverageRegression(false).build(), CONFIG, lower, BASE).passed())
        .isTrue();
    assertThat(GateVerdict.decide(policy().setMinCoveragePercent(90.0).build(), CONFIG, higher, BASE).summary())
        .contains("coverage 85.0% is below the required 90.0%");
    assertThat(GateVerdict.decide(policy().build(), config(null, null, 90.0), higher, BASE).passed())
        .as("the repository's min_coverage applies when the task sets none").isFalse();
  }

  @Test
  void aRequiredMinimumWithoutAnyCoverageReportBlocks() {
    Measurement head = measured(0, new TestSummary(4, 0, List.of()), Coverage.NONE, List.of(OLD));

    assertThat(GateVerdict.decide(policy().build(), CONFIG, head, BASE).passed()).isTrue();
    assertThat(GateVerdict.decide(policy().setMinCoveragePercent(50.0).build(), CONFIG, head, BASE).summary())
        .contains("coverage not measured").contains("at least 50.0% is required");
  }

  @Test
  void nothingToRunOrAnUnreadableReportBlocks() {
    QualityConfig none = new QualityConfig("detected", List.of(), null, null, null);
    Measurement empty = new Measurement("c", List.of(), TestSummary.NONE, Coverage.NONE, List.of(), List.of(), true);
    Measurement broken = new Measurement("c", List.of(), TestSummary.NONE, Coverage.NONE, List.of(),
        List.of("junit report TEST-x.xml: not readable XML"), true);

    assertThat(GateVerdict.decide(policy().build(), none, empty, null).summary()).contains("nothing to run");
    assertThat(GateVerdict.decide(policy().build(), CONFIG, broken, null).summary()).contains("not readable XML");
  }

  @Test
  void aTimedOutCommandBlocksAndAFailingLintToolIsJudgedByItsFindings() {
    Measurement timedOut = new Measurement("c", List.of(new CheckRun("build", CheckKind.TEST, "mvn", null, true, 60_000,
        "killed", false, null, 0)), TestSummary.NONE, Coverage.NONE, List.of(), List.of(), false);
    Measurement lint = new Measurement("c", List.of(new CheckRun("flake8", CheckKind.LINT, "flake8 .", 1, false, 10,
        "A.java:3 old", false, null, 1)), new TestSummary(4, 0, List.of()), new Coverage(80, 100), List.of(OLD),
        List.of(), true);

    assertThat(GateVerdict.decide(policy().build(), CONFIG, timedOut, null).summary()).contains("build timed out after 60 s");
    assertThat(GateVerdict.decide(policy().build(), CONFIG, lint, BASE).passed())
        .as("flake8 exits 1 for the base's own warning").isTrue();
  }
}
