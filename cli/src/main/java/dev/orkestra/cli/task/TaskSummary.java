package dev.orkestra.cli.task;

import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.events.task.ChangeProposed;
import dev.orkestra.events.task.Finding;
import dev.orkestra.events.task.FindingCategory;
import dev.orkestra.events.task.GateResult;
import dev.orkestra.events.task.HumanDecision;
import dev.orkestra.events.task.Plan;
import dev.orkestra.events.task.ReviewCompleted;
import dev.orkestra.events.task.ReviewSubject;
import dev.orkestra.events.task.TaskState;
import dev.orkestra.events.task.TaskStateChanged;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a task came to (seed 002's completion block, seed 004's run export), aggregated from its
 * records. The component names are the keys of {@code summary --format json} (docs/tasks.md,
 * "Summary"): rename nothing. Times are ISO-8601 text; null where nothing was reported.
 */
public record TaskSummary(String format, String taskId, String state, boolean finished, String reason,
    String branch, String headSha, int commits, int stepsCompleted, int stepsTotal, Tests tests, Coverage coverage,
    Warnings warnings, double costUsd, List<Cost> costs, String started, String ended, long durationMs,
    List<PlanReview> planReviews, List<Step> steps, List<Decision> decisions, FindingCounts findingCounts,
    List<FindingLine> findings) {

  /** The JSON shape's version: bumped on any change a reader would notice. */
  public static final String FORMAT = "orkestra-task-summary-v1";

  public record Tests(int passed, int failed) {}

  /** Line coverage at the end, and its change from the task's base (first gate's baseline). */
  public record Coverage(Double percent, Double change) {}

  /** Warnings at the last gate, and the lint findings the task introduced (ZERO-WARNINGS: 0). */
  public record Warnings(int count, int introduced) {}

  /** Spend of one model in one role: planner, plan-reviewer, implementer, code-reviewer. */
  public record Cost(String role, String model, int calls, long inputTokens, long outputTokens, double costUsd) {}

  public record PlanReview(Integer planVersion, String reviewer, String verdict) {}

  /** One plan step: its latest state, models, attempts, review verdicts and gate results in order. */
  public record Step(String id, String description, String status, List<String> implementers,
      List<String> reviewers, int attempts, List<String> verdicts, List<String> gates, String commitSha) {}

  /** A person's decision, and whether the coordinator applied it (a task event caused by it). */
  public record Decision(String time, String by, String decision, String stepId, String comment, boolean applied) {}

  public record FindingCounts(int major, int medium, int minor) {}

  /** A finding of a step's last gate run (seed 004's findings table). */
  public record FindingLine(String stepId, String severity, String category, String location, String message,
      String tool, boolean introduced) {}

  /** Aggregates {@code records}; a task with no events yet has state null. */
  public static TaskSummary of(TaskRecords records) {
    List<TaskStateChanged> transitions = records.events().stream().filter(e -> !TaskEvents.isNotice(e)).toList();
    TaskStateChanged last = transitions.isEmpty() ? null : transitions.getLast();
    boolean finished = last != null && TaskEvents.FINISHED.contains(last.getToState());
    Instant started = transitions.isEmpty() ? null : transitions.getFirst().getEnvelope().getOccurredAt();
    Instant lastAt = last == null ? null : last.getEnvelope().getOccurredAt();
    Map<String, GateResult> finalGates = new LinkedHashMap<>();
    records.gates().forEach(g -> finalGates.put(g.getStepId(), g));
    List<Step> steps = steps(records);
    return new TaskSummary(FORMAT, records.taskId(), last == null ? null : last.getToState().name(), finished,
        last == null ? null : last.getReason(),
        lastNonNull(transitions, TaskStateChanged::getBranch), lastNonNull(transitions, TaskStateChanged::getHeadSha),
        commits(records), last == null ? 0 : last.getStepsCompleted(), last == null ? 0 : last.getStepsTotal(),
        tests(records.gates()), coverage(records.gates()), warnings(records.gates(), finalGates.values()),
        last == null ? 0.0 : last.getCumulativeCostUsd(), costs(records),
        started == null ? null : started.toString(), finished ? lastAt.toString() : null,
        started == null ? 0 : lastAt.toEpochMilli() - started.toEpochMilli(),
        records.reviews().stream().filter(r -> r.getSubject() == ReviewSubject.PLAN)
            .map(r -> new PlanReview(r.getPlanVersion(), r.getReviewer().getModelId(), r.getVerdict().name())).toList(),
        steps, decisions(records), findingCounts(finalGates.values()), findings(finalGates.values()));
  }

  private static <T> T lastNonNull(List<TaskStateChanged> events, java.util.function.Function<TaskStateChanged, T> get) {
    T value = null;
    for (TaskStateChanged event : events) {
      value = get.apply(event) != null ? get.apply(event) : value;
    }
    return value;
  }

  /** The plan the task runs: the latest proposed, or a person's edit applied after it. */
  private static Plan plan(TaskRecords records) {
    Plan plan = null;
    Instant at = Instant.MIN;
    for (var proposed : records.plans()) {
      plan = proposed.getPlan();
      at = proposed.getEnvelope().getOccurredAt();
    }
    for (HumanDecision decision : records.decisions()) {
      if (decision.getEditedPlan() != null && applied(records, decision) && decision.getEnvelope().getOccurredAt().isAfter(at)) {
        plan = decision.getEditedPlan();
      }
    }
    return plan;
  }

  private static List<Step> steps(TaskRecords records) {
    Map<String, String> descriptions = new LinkedHashMap<>();
    Plan plan = plan(records);
    if (plan != null) {
      plan.getSteps().forEach(s -> descriptions.put(s.getId(), s.getDescription()));
    }
    records.changes().forEach(c -> descriptions.putIfAbsent(c.getStepId(), null));
    List<Step> steps = new ArrayList<>();
    for (Map.Entry<String, String> entry : descriptions.entrySet()) {
      String id = entry.getKey();
      List<ChangeProposed> changes = records.changes().stream().filter(c -> id.equals(c.getStepId())).toList();
      List<ReviewCompleted> reviews = records.reviews().stream()
          .filter(r -> r.getSubject() == ReviewSubject.CODE && id.equals(r.getStepId())).toList();
      List<GateResult> gates = records.gates().stream().filter(g -> id.equals(g.getStepId())).toList();
      steps.add(new Step(id, entry.getValue(), status(records.events(), id),
          distinct(changes.stream().map(c -> c.getAuthor().getModelId()).toList()),
          distinct(reviews.stream().map(r -> r.getReviewer().getModelId()).toList()),
          changes.stream().mapToInt(ChangeProposed::getAttempt).max().orElse(0),
          reviews.stream().map(r -> r.getVerdict().name()).toList(),
          gates.stream().map(g -> g.getPassed() ? "passed" : "failed").toList(),
          gates.stream().filter(GateResult::getPassed).map(GateResult::getCommitSha).reduce((a, b) -> b).orElse(null)));
    }
    return steps;
  }

  /** The step's latest state; SKIPPED for a step a person skipped (the contract has no such state). */
  private static String status(List<TaskStateChanged> events, String stepId) {
    String status = "PENDING";
    for (TaskStateChanged event : events) {
      if (stepId.equals(event.getStepId()) && !TaskEvents.isNotice(event)) {
        status = event.getToState() == TaskState.STEP_COMPLETE && event.getReason().startsWith("step " + stepId
            + " skipped") ? "SKIPPED" : event.getToState().name();
      }
    }
    return status;
  }

  /** Commits on the branch: each step whose passed gate checked a commit that changed something. */
  private static int commits(TaskRecords records) {
    Set<String> commits = new LinkedHashSet<>();
    for (GateResult gate : records.gates()) {
      if (gate.getPassed()) {
        records.changes().stream()
            .filter(c -> c.getChange().getCommitSha().equals(gate.getCommitSha())
                && !c.getChange().getBaseSha().equals(c.getChange().getCommitSha()))
            .findFirst().ifPresent(c -> commits.add(c.getChange().getCommitSha()));
      }
    }
    return commits.size();
  }

  private static Tests tests(List<GateResult> gates) {
    Tests tests = null;
    for (GateResult gate : gates) {
      if (gate.getTestsRun() != null) {
        int failed = gate.getTestsFailed() == null ? 0 : gate.getTestsFailed();
        tests = new Tests(gate.getTestsRun() - failed, failed);
      }
    }
    return tests;
  }

  private static Coverage coverage(List<GateResult> gates) {
    Double base = gates.stream().map(GateResult::getCoverageBefore).filter(Objects::nonNull).findFirst().orElse(null);
    Double end = gates.stream().map(GateResult::getCoverageAfter).filter(Objects::nonNull).reduce((a, b) -> b)
        .orElse(null);
    if (end == null) {
      return null;
    }
    return new Coverage(end, base == null ? null : end - base);
  }

  private static Warnings warnings(List<GateResult> gates, Iterable<GateResult> finalGates) {
    if (gates.isEmpty()) {
      return null;
    }
    int introduced = 0;
    for (GateResult gate : finalGates) {
      introduced += (int) gate.getFindings().stream()
          .filter(f -> f.getCategory() == FindingCategory.LINT && f.getIntroduced()).count();
    }
    return new Warnings(gates.getLast().getWarningsCount(), introduced);
  }

  private static List<Cost> costs(TaskRecords records) {
    Map<String, Cost> costs = new LinkedHashMap<>();
    records.plans().forEach(p -> add(costs, "planner", p.getUsage()));
    records.reviews().forEach(r -> add(costs, r.getSubject() == ReviewSubject.PLAN ? "plan-reviewer" : "code-reviewer",
        r.getUsage()));
    records.changes().forEach(c -> add(costs, "implementer", c.getUsage()));
    return List.copyOf(costs.values());
  }

  private static void add(Map<String, Cost> costs, String role, List<ModelUsage> usage) {
    for (ModelUsage call : usage) {
      costs.merge(role + "\u0000" + call.getModelId(),
          new Cost(role, call.getModelId(), 1, call.getInputTokens(), call.getOutputTokens(), call.getCostUsd()),
          (a, b) -> new Cost(role, a.model(), a.calls() + 1, a.inputTokens() + b.inputTokens(),
              a.outputTokens() + b.outputTokens(), a.costUsd() + b.costUsd()));
    }
  }

  private static List<Decision> decisions(TaskRecords records) {
    return records.decisions().stream().map(d -> new Decision(d.getEnvelope().getOccurredAt().toString(),
        d.getDecidedBy(), d.getDecision().name(), d.getStepId(), d.getComment(), applied(records, d))).toList();
  }

  private static boolean applied(TaskRecords records, HumanDecision decision) {
    String id = decision.getEnvelope().getEventId();
    return records.events().stream().anyMatch(e -> id.equals(e.getEnvelope().getCausationId()));
  }

  private static FindingCounts findingCounts(Iterable<GateResult> finalGates) {
    int[] counts = new int[3];
    for (GateResult gate : finalGates) {
      for (Finding finding : gate.getFindings()) {
        counts[finding.getSeverity().ordinal()]++;
      }
    }
    return new FindingCounts(counts[0], counts[1], counts[2]);
  }

  private static List<FindingLine> findings(Iterable<GateResult> finalGates) {
    List<FindingLine> lines = new ArrayList<>();
    for (GateResult gate : finalGates) {
      for (Finding f : gate.getFindings()) {
        String location = f.getLocation() == null ? null
            : f.getLocation().getPath() + (f.getLocation().getLine() == null ? "" : ":" + f.getLocation().getLine());
        lines.add(new FindingLine(gate.getStepId(), f.getSeverity().name(), f.getCategory().name(), location,
            f.getMessage(), f.getTool(), f.getIntroduced()));
      }
    }
    return lines;
  }

  private static List<String> distinct(List<String> values) {
    return List.copyOf(new LinkedHashSet<>(values));
  }
}
