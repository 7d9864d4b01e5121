package dev.orkestra.coordinator.task;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.task.CodeChange;
import dev.orkestra.events.task.DecisionKind;
import dev.orkestra.events.task.GateRequested;
import dev.orkestra.events.task.ImplementationRequested;
import dev.orkestra.events.task.Plan;
import dev.orkestra.events.task.PlanRequested;
import dev.orkestra.events.task.ReviewRequested;
import dev.orkestra.events.task.ReviewSubject;
import dev.orkestra.events.task.TaskState;
import dev.orkestra.events.task.TaskStateChanged;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds the records the task state machine writes. Each envelope names the event that caused it,
 * carries the machine's {@code now} (so a transition is reproducible from its inputs) and no
 * deadline: a task's requests are wanted for as long as the task lives, which a pause or a person
 * can stretch beyond any deadline known when they are sent.
 */
final class TaskRequests {

  private final String producer;
  private final Supplier<String> ids;

  TaskRequests(String producer, Supplier<String> ids) {
    this.producer = producer;
    this.ids = ids;
  }

  Envelope envelope(TaskProgress task, Envelope cause, long now) {
    return Envelope.newBuilder()
        .setEventId(ids.get())
        .setCorrelationId(task.taskId())
        .setCausationId(cause == null ? null : cause.getEventId())
        .setOccurredAt(Instant.ofEpochMilli(now))
        .setProducer(producer)
        .build();
  }

  PlanRequested plan(TaskProgress task, ModelRef model, List<String> feedback, Envelope cause, long now) {
    return PlanRequested.newBuilder()
        .setEnvelope(envelope(task, cause, now))
        .setTask(task.spec())
        .setModel(model)
        .setAttempt(task.planAttempt() + 1)
        .setPreviousPlan(task.plan())
        .setFeedback(feedback)
        .build();
  }

  ReviewRequested planReview(TaskProgress task, ModelRef reviewer, Envelope cause, long now) {
    return ReviewRequested.newBuilder()
        .setEnvelope(envelope(task, cause, now))
        .setTaskId(task.taskId())
        .setSubject(ReviewSubject.PLAN)
        .setTask(task.spec())
        .setReviewer(reviewer)
        .setAuthor(task.planner())
        .setPlan(task.plan())
        .setAttempt(task.planAttempt())
        .build();
  }

  ImplementationRequested implementation(TaskProgress task, StepProgress step, ModelRef model, List<String> feedback,
      Envelope cause, long now) {
    return ImplementationRequested.newBuilder()
        .setEnvelope(envelope(task, cause, now))
        .setTask(task.spec())
        .setPlanVersion(task.planVersion())
        .setStep(step.step())
        .setRepo(onBranch(task, task.headSha()))
        .setBranch(task.branch())
        .setModel(model)
        .setAttempt(step.attempt() + 1)
        .setFeedback(feedback)
        .build();
  }

  ReviewRequested codeReview(TaskProgress task, StepProgress step, ModelRef reviewer, Envelope cause, long now) {
    return ReviewRequested.newBuilder()
        .setEnvelope(envelope(task, cause, now))
        .setTaskId(task.taskId())
        .setSubject(ReviewSubject.CODE)
        .setTask(task.spec())
        .setReviewer(reviewer)
        .setAuthor(step.implementer())
        .setPlan(task.plan())
        .setStep(step.step())
        .setChange(step.change())
        .setExplanation(step.explanation())
        .setAttempt(step.attempt())
        // What this attempt was asked to fix, so the reviewer can check it was (issue 9: "the gate findings so far").
        .setFeedback(step.feedback())
        .build();
  }

  GateRequested gate(TaskProgress task, StepProgress step, Envelope cause, long now) {
    CodeChange change = step.change();
    return GateRequested.newBuilder()
        .setEnvelope(envelope(task, cause, now))
        .setTaskId(task.taskId())
        .setStepId(step.id())
        .setRepo(onBranch(task, change.getCommitSha()))
        .setBaseSha(change.getBaseSha())
        .setPolicy(task.spec().getQuality())
        .setCommands(step.step().getCommands())
        .setAttempt(step.attempt())
        .build();
  }

  /**
   * A transition for orkestra.task-events.
   *
   * @param step the step it is about, or null for the task
   */
  TaskStateChanged changed(TaskProgress task, TaskState from, TaskState to, StepProgress step, String reason,
      ModelRef assigned, List<DecisionKind> options, Envelope cause, long now) {
    return TaskStateChanged.newBuilder()
        .setEnvelope(envelope(task, cause, now))
        .setTaskId(task.taskId())
        .setFromState(from)
        .setToState(to)
        .setReason(reason)
        .setStepId(step == null ? null : step.id())
        .setAttempt(step == null ? task.planAttempt() : step.attempt())
        .setPlanVersion(task.planVersion() == 0 ? null : task.planVersion())
        .setStepsCompleted(task.doneSteps().size())
        .setStepsTotal(task.steps().size())
        .setCumulativeCostUsd(task.usage().costUsd())
        .setBranch(task.branch())
        .setHeadSha(task.headSha())
        .setAssignedModel(assigned)
        .setOptions(options)
        .build();
  }

  private static RepoRef onBranch(TaskProgress task, String commitSha) {
    RepoRef base = task.spec().getRepo();
    return RepoRef.newBuilder()
        .setKind(base.getKind())
        .setRepo(base.getRepo())
        .setRef(task.branch())
        .setCommitSha(commitSha)
        .build();
  }
}
