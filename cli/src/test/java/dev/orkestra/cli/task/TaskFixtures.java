package dev.orkestra.cli.task;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.events.task.ChangeProposed;
import dev.orkestra.events.task.CodeChange;
import dev.orkestra.events.task.DecisionKind;
import dev.orkestra.events.task.DiffStat;
import dev.orkestra.events.task.GateResult;
import dev.orkestra.events.task.HumanDecision;
import dev.orkestra.events.task.Plan;
import dev.orkestra.events.task.PlanProposed;
import dev.orkestra.events.task.PlanStep;
import dev.orkestra.events.task.ReviewCompleted;
import dev.orkestra.events.task.ReviewScores;
import dev.orkestra.events.task.ReviewSubject;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.StepType;
import dev.orkestra.events.task.TaskState;
import dev.orkestra.events.task.TaskStateChanged;
import dev.orkestra.events.task.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Contract records of one task as the coordinator and the roles write them, at times the test chooses. */
final class TaskFixtures {

  static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
  static final ModelRef SONNET = ModelRef.newBuilder().setModelId("claude-sonnet").setFamily("claude").build();
  static final ModelRef PRO = ModelRef.newBuilder().setModelId("gemini-pro").setFamily("gemini").build();

  private final String taskId;

  TaskFixtures(String taskId) {
    this.taskId = taskId;
  }

  Envelope envelope(int minute) {
    return envelope(minute, null);
  }

  Envelope envelope(int minute, String causationId) {
    return Envelope.newBuilder().setEventId(UUID.randomUUID().toString()).setCorrelationId(taskId)
        .setCausationId(causationId).setOccurredAt(T0.plusSeconds(60L * minute)).setProducer("test").build();
  }

  TaskStateChanged.Builder event(int minute, TaskState from, TaskState to, String reason) {
    return TaskStateChanged.newBuilder().setEnvelope(envelope(minute)).setTaskId(taskId).setFromState(from)
        .setToState(to).setReason(reason);
  }

  static ModelUsage usage(ModelRef model, double cost) {
    return ModelUsage.newBuilder().setModelId(model.getModelId()).setProvider("test").setInputTokens(2000)
        .setOutputTokens(1000).setCostUsd(cost).build();
  }

  static PlanStep step(String id, String description) {
    return PlanStep.newBuilder().setId(id).setType(StepType.IMPLEMENTATION).setDescription(description)
        .setRisk(Risk.LOW).build();
  }

  PlanProposed plan(int minute, PlanStep... steps) {
    return PlanProposed.newBuilder().setEnvelope(envelope(minute)).setTaskId(taskId)
        .setPlan(Plan.newBuilder().setPlanVersion(1).setSteps(List.of(steps)).build()).setAuthor(SONNET)
        .setUsage(List.of(usage(SONNET, 0.05))).build();
  }

  ReviewCompleted review(int minute, ReviewSubject subject, String stepId, Verdict verdict) {
    return ReviewCompleted.newBuilder().setEnvelope(envelope(minute)).setTaskId(taskId).setSubject(subject)
        .setStepId(stepId).setPlanVersion(subject == ReviewSubject.PLAN ? 1 : null).setVerdict(verdict)
        .setScores(ReviewScores.newBuilder().build()).setReviewer(PRO).setUsage(List.of(usage(PRO, 0.01))).build();
  }

  ChangeProposed change(int minute, String stepId, int attempt, String base, String commit) {
    return ChangeProposed.newBuilder().setEnvelope(envelope(minute)).setTaskId(taskId).setStepId(stepId)
        .setAttempt(attempt).setExplanation("done")
        .setChange(CodeChange.newBuilder().setBranch("orkestra/" + taskId).setBaseSha(base).setCommitSha(commit)
            .setDiffStat(DiffStat.newBuilder().build()).build())
        .setAuthor(SONNET).setUsage(List.of(usage(SONNET, 0.10))).build();
  }

  GateResult.Builder gate(int minute, String stepId, String commit, boolean passed) {
    return GateResult.newBuilder().setEnvelope(envelope(minute)).setTaskId(taskId).setStepId(stepId)
        .setCommitSha(commit).setPassed(passed);
  }

  HumanDecision decision(int minute, String stepId, DecisionKind kind, String comment) {
    return HumanDecision.newBuilder().setEnvelope(envelope(minute)).setTaskId(taskId).setStepId(stepId)
        .setDecision(kind).setComment(comment).setDecidedBy("ana").build();
  }
}
