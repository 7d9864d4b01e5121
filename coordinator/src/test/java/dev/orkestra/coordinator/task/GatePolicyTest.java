package dev.orkestra.coordinator.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.task.CheckKind;
import dev.orkestra.events.task.Finding;
import dev.orkestra.events.task.FindingCategory;
import dev.orkestra.events.task.GateCheck;
import dev.orkestra.events.task.GateResult;
import dev.orkestra.events.task.Location;
import dev.orkestra.events.task.Severity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatePolicyTest {

  static GateCheck check(String name, CheckKind kind, boolean passed) {
    return GateCheck.newBuilder().setName(name).setKind(kind).setPassed(passed).build();
  }

  private static GateResult.Builder result(boolean passed, GateCheck... checks) {
    return GateResult.newBuilder()
        .setEnvelope(Envelope.newBuilder().setEventId("e").setCorrelationId("T-1").setOccurredAt(Instant.EPOCH)
            .setProducer("gate@test").build())
        .setTaskId("T-1").setStepId("S1").setCommitSha("c".repeat(40))
        .setPassed(passed)
        .setChecks(List.of(checks));
  }

  @Test
  void passedOnlyWhenTheGateSaysSoAndNoCheckFailed() {
    assertThat(GatePolicy.passed(result(true, check("tests", CheckKind.TEST, true)).build())).isTrue();
    assertThat(GatePolicy.passed(result(false, check("tests", CheckKind.TEST, true)).build())).isFalse();
    assertThat(GatePolicy.passed(result(true, check("lint", CheckKind.LINT, false)).build())).isFalse();
    GateCheck skipped = GateCheck.newBuilder(check("coverage", CheckKind.COVERAGE, false)).setSkipped(true).build();
    assertThat(GatePolicy.passed(result(true, skipped).build())).isTrue();
  }

  @Test
  void onlyAFailedBreakingChangesCheckIsABreakingChange() {
    assertThat(GatePolicy.breakingChange(result(false, check("api", CheckKind.BREAKING_CHANGES, false),
        check("tests", CheckKind.TEST, false)).build())).isTrue();
    assertThat(GatePolicy.breakingChange(result(false, check("api", CheckKind.BREAKING_CHANGES, true),
        check("tests", CheckKind.TEST, false)).build())).isFalse();
    GateCheck skipped = GateCheck.newBuilder(check("api", CheckKind.BREAKING_CHANGES, false)).setSkipped(true).build();
    assertThat(GatePolicy.breakingChange(result(false, skipped).build())).isFalse();
  }

  @Test
  void feedbackSendsTheLogsBackToTheImplementer() {
    GateCheck tests = GateCheck.newBuilder(check("tests", CheckKind.TEST, false)).setExitCode(1)
        .setOutputTail("FAILED test_hybrid_search\nFAILED test_cache_expiry\n").build();
    Finding warning = Finding.newBuilder().setSeverity(Severity.MINOR).setCategory(FindingCategory.LINT)
        .setLocation(Location.newBuilder().setPath("rae_core/search/hybrid.py").setLine(12).build())
        .setMessage("unused import").setTool("ruff").setRule("F401").build();
    Finding old = Finding.newBuilder(warning).setIntroduced(false).setMessage("old warning").build();

    List<String> feedback = GatePolicy.feedback(result(false, tests, check("lint", CheckKind.LINT, true))
        .setTestsRun(164).setTestsFailed(2).setCoverageBefore(85.0).setCoverageAfter(84.5)
        .setFindings(List.of(warning, old)).build());

    assertThat(feedback).containsExactly(
        "gate: tests failed (exit 1):\nFAILED test_hybrid_search\nFAILED test_cache_expiry",
        "gate: 2 of 164 tests failed",
        "gate: coverage fell from 85.0% to 84.5%",
        "finding: MINOR lint rae_core/search/hybrid.py:12: unused import [ruff F401]");
  }

  @Test
  void aFailureWithoutDetailsStillSaysWhat() {
    assertThat(GatePolicy.feedback(result(false).build())).containsExactly("gate: failed, no check named");
    assertThat(GatePolicy.feedback(result(false).setSummary("hooks failed").build()))
        .containsExactly("gate: hooks failed");
  }

  @Test
  void theIssueIsTheSummaryElseTheFailedChecks() {
    assertThat(GatePolicy.issue(result(false, check("tests", CheckKind.TEST, false), check("lint", CheckKind.LINT, false))
        .build())).isEqualTo("failed checks: tests, lint");
    assertThat(GatePolicy.issue(result(false).setSummary("pytest: 3 failed").build())).isEqualTo("pytest: 3 failed");
    assertThat(GatePolicy.issue(result(false).build())).isEqualTo("the gate did not pass");
  }
}
