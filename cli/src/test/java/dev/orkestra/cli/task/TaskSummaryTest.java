package dev.orkestra.cli.task;

import static dev.orkestra.events.task.TaskState.AWAITING_HUMAN_REVIEW;
import static dev.orkestra.events.task.TaskState.CODE_REVIEW;
import static dev.orkestra.events.task.TaskState.DONE;
import static dev.orkestra.events.task.TaskState.IMPLEMENTING;
import static dev.orkestra.events.task.TaskState.NEW;
import static dev.orkestra.events.task.TaskState.PLANNING;
import static dev.orkestra.events.task.TaskState.QUALITY_GATE;
import static dev.orkestra.events.task.TaskState.STEP_COMPLETE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orkestra.events.task.DecisionKind;
import dev.orkestra.events.task.Finding;
import dev.orkestra.events.task.FindingCategory;
import dev.orkestra.events.task.HumanDecision;
import dev.orkestra.events.task.Location;
import dev.orkestra.events.task.ReviewSubject;
import dev.orkestra.events.task.Severity;
import dev.orkestra.events.task.TaskStateChanged;
import dev.orkestra.events.task.Verdict;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Aggregation and rendering of a task's records, built here: one step retried then passed, one skipped by a person. */
class TaskSummaryTest {

  private final TaskFixtures f = new TaskFixtures("SUM-1");

  private TaskRecords finishedTask() {
    HumanDecision skip = f.decision(60, "S2", DecisionKind.SKIP_STEP, "not needed");
    List<TaskStateChanged> events = new ArrayList<>(List.of(
        f.event(0, null, NEW, "submitted by ana").build(),
        f.event(1, NEW, PLANNING, "plan requested").build(),
        f.event(10, PLANNING, IMPLEMENTING, "step S1 to claude-sonnet").setStepId("S1").setAttempt(1)
            .setBranch("orkestra/SUM-1").setHeadSha("base0000").setStepsTotal(2).build(),
        f.event(20, QUALITY_GATE, STEP_COMPLETE, "step S1 complete").setStepId("S1").setStepsCompleted(1)
            .setStepsTotal(2).setHeadSha("c2").build(),
        f.event(30, CODE_REVIEW, AWAITING_HUMAN_REVIEW, "step S2: code review rejected 3 times").setStepId("S2")
            .build(),
        // A refusal notice (fromState == toState) is not a transition: the summary ignores it.
        f.event(40, AWAITING_HUMAN_REVIEW, AWAITING_HUMAN_REVIEW, "TaskSubmitted refused").build(),
        TaskStateChanged.newBuilder(f.event(61, AWAITING_HUMAN_REVIEW, STEP_COMPLETE, "step S2 skipped by ana")
            .setStepId("S2").setStepsCompleted(2).setStepsTotal(2).build())
            .setEnvelope(f.envelope(61, skip.getEnvelope().getEventId())).build(),
        f.event(83, STEP_COMPLETE, DONE, "all 2 steps complete").setStepsCompleted(2).setStepsTotal(2)
            .setCumulativeCostUsd(0.38).build()));
    Finding lint = Finding.newBuilder().setSeverity(Severity.MINOR).setCategory(FindingCategory.LINT)
        .setLocation(Location.newBuilder().setPath("src/A.java").setLine(12).build()).setMessage("unused import")
        .setTool("javac").build();
    return new TaskRecords("SUM-1", events,
        List.of(f.plan(2, TaskFixtures.step("S1", "Write A"), TaskFixtures.step("S2", "Write B"))),
        List.of(f.review(3, ReviewSubject.PLAN, null, Verdict.APPROVED),
            f.review(12, ReviewSubject.CODE, "S1", Verdict.NEEDS_CHANGES),
            f.review(14, ReviewSubject.CODE, "S1", Verdict.APPROVED)),
        List.of(f.change(11, "S1", 1, "base0000", "c1"), f.change(13, "S1", 2, "base0000", "c2")),
        List.of(f.gate(15, "S1", "c2", false).setTestsRun(164).setTestsFailed(2).setCoverageBefore(85.0).build(),
            f.gate(18, "S1", "c2", true).setTestsRun(164).setTestsFailed(0).setCoverageBefore(85.0)
                .setCoverageAfter(87.0).setWarningsCount(1).setFindings(List.of(lint)).build()),
        List.of(skip));
  }

  @Test
  void aggregatesBranchCommitsStepsTestsCoverageWarningsCostTimeDecisionsAndFindings() {
    TaskSummary summary = TaskSummary.of(finishedTask());

    assertThat(summary.state()).isEqualTo("DONE");
    assertThat(summary.finished()).isTrue();
    assertThat(summary.branch()).isEqualTo("orkestra/SUM-1");
    assertThat(summary.headSha()).isEqualTo("c2");
    assertThat(summary.commits()).isEqualTo(1);
    assertThat(summary.tests()).isEqualTo(new TaskSummary.Tests(164, 0));
    assertThat(summary.coverage()).isEqualTo(new TaskSummary.Coverage(87.0, 2.0));
    assertThat(summary.warnings()).isEqualTo(new TaskSummary.Warnings(1, 1));
    assertThat(summary.costUsd()).isEqualTo(0.38);
    assertThat(summary.costs()).containsExactly(
        new TaskSummary.Cost("planner", "claude-sonnet", 1, 2000, 1000, 0.05),
        new TaskSummary.Cost("plan-reviewer", "gemini-pro", 1, 2000, 1000, 0.01),
        new TaskSummary.Cost("code-reviewer", "gemini-pro", 2, 4000, 2000, 0.02),
        new TaskSummary.Cost("implementer", "claude-sonnet", 2, 4000, 2000, 0.20));
    assertThat(summary.durationMs()).isEqualTo(83 * 60_000L);
    assertThat(summary.steps()).containsExactly(
        new TaskSummary.Step("S1", "Write A", "STEP_COMPLETE", List.of("claude-sonnet"), List.of("gemini-pro"), 2,
            List.of("NEEDS_CHANGES", "APPROVED"), List.of("failed", "passed"), "c2"),
        new TaskSummary.Step("S2", "Write B", "SKIPPED", List.of(), List.of(), 0, List.of(), List.of(), null));
    assertThat(summary.decisions()).singleElement().satisfies(d -> {
      assertThat(d.decision()).isEqualTo("SKIP_STEP");
      assertThat(d.applied()).isTrue();
      assertThat(d.by()).isEqualTo("ana");
    });
    assertThat(summary.findingCounts()).isEqualTo(new TaskSummary.FindingCounts(0, 0, 1));
    assertThat(summary.findings()).singleElement().satisfies(finding ->
        assertThat(finding.location()).isEqualTo("src/A.java:12"));
  }

  @Test
  void markdownHasSeed002sCompletionBlockAndSeed004sTables() {
    String md = SummaryMarkdown.render(TaskSummary.of(finishedTask()));

    assertThat(md).contains(
        "[ORCHESTRATOR] Task SUM-1 completed\n",
        "[ORCHESTRATOR] Branch: orkestra/SUM-1 at c2\n",
        "[ORCHESTRATOR] Commits: 1\n",
        "[ORCHESTRATOR] Tests: 164 passed, 0 failed\n",
        "[ORCHESTRATOR] Coverage: 87.0% (↑2.0%)\n",
        "[ORCHESTRATOR] Warnings: 1 (1 new)\n",
        "[ORCHESTRATOR] Cost: $0.38 (3 claude-sonnet calls, 3 gemini-pro calls)\n",
        "[ORCHESTRATOR] Time: 1h 23min\n",
        "| S1 | Write A | STEP_COMPLETE | claude-sonnet | gemini-pro | 2 | NEEDS_CHANGES, APPROVED | failed, passed | c2 |",
        "| S2 | Write B | SKIPPED |",
        "| implementer | claude-sonnet | 2 | 4000 | 2000 | $0.2000 |",
        "| ana | SKIP_STEP | S2 | not needed | yes |",
        "0 major, 0 medium, 1 minor",
        "| S1 | MINOR | LINT | src/A.java:12 | unused import | javac | yes |");
  }

  @Test
  void aRunningTaskWithNothingMeasuredSaysSo() {
    TaskRecords running = new TaskRecords("SUM-2", List.of(f.event(0, null, NEW, "submitted").build(),
        f.event(2, NEW, PLANNING, "plan requested").build()), List.of(), List.of(), List.of(), List.of(), List.of());

    TaskSummary summary = TaskSummary.of(running);
    String md = SummaryMarkdown.render(summary);

    assertThat(summary.finished()).isFalse();
    assertThat(summary.ended()).isNull();
    assertThat(md).contains("Task SUM-2 is PLANNING (running)", "Tests: not reported", "Coverage: not measured",
        "Warnings: not reported", "Time: 2min 0s so far", "No plan yet.", "None: no person was asked.");
  }

  @Test
  void jsonHasTheDocumentedStableKeys() throws Exception {
    JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(TaskSummary.of(finishedTask())));

    List<String> keys = new ArrayList<>();
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      keys.add(names.next());
    }
    assertThat(keys).containsExactly("format", "taskId", "state", "finished", "reason", "branch", "headSha", "commits",
        "stepsCompleted", "stepsTotal", "tests", "coverage", "warnings", "costUsd", "costs", "started", "ended",
        "durationMs", "planReviews", "steps", "decisions", "findingCounts", "findings");
    assertThat(json.get("format").asText()).isEqualTo(TaskSummary.FORMAT);
    assertThat(json.get("started").asText()).isEqualTo("2026-12-01T09:00:00Z");
    assertThat(json.at("/steps/0/verdicts/1").asText()).isEqualTo("APPROVED");
    assertThat(json.at("/tests/passed").asInt()).isEqualTo(164);
  }
}
