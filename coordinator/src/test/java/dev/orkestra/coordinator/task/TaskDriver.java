package dev.orkestra.coordinator.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.Failure;
import dev.orkestra.events.common.FailureKind;
import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.events.task.Budget;
import dev.orkestra.events.task.ChangeProposed;
import dev.orkestra.events.task.CheckKind;
import dev.orkestra.events.task.CodeChange;
import dev.orkestra.events.task.ControlAction;
import dev.orkestra.events.task.ControlCommand;
import dev.orkestra.events.task.DecisionKind;
import dev.orkestra.events.task.DiffStat;
import dev.orkestra.events.task.GateCheck;
import dev.orkestra.events.task.GateRequested;
import dev.orkestra.events.task.GateResult;
import dev.orkestra.events.task.HumanDecision;
import dev.orkestra.events.task.ImplementationRequested;
import dev.orkestra.events.task.Plan;
import dev.orkestra.events.task.PlanProposed;
import dev.orkestra.events.task.PlanRequested;
import dev.orkestra.events.task.ReviewCompleted;
import dev.orkestra.events.task.ReviewRequested;
import dev.orkestra.events.task.ReviewScores;
import dev.orkestra.events.task.ReviewSubject;
import dev.orkestra.events.task.TaskSpec;
import dev.orkestra.events.task.TaskState;
import dev.orkestra.events.task.TaskStateChanged;
import dev.orkestra.events.task.TaskSubmitted;
import dev.orkestra.events.task.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;

/**
 * Drives one task through the state machine, and answers its requests the way tiny fake roles
 * would: every answer is derived from the request it answers (causationId, attempt, step, commit),
 * so tests say what a role decided and assert what the machine did with it.
 */
final class TaskDriver {

  static final long T0 = Instant.parse("2026-12-01T09:00:00Z").toEpochMilli();
  /** A low-risk docs task (seed 002's RAE-002). */
  static final TaskSpec DOCS = Tasks.spec("RAE-002", dev.orkestra.events.task.Risk.LOW, "docs").build();
  static final String ID = "RAE-002";

  /** {@link #DOCS} submitted with {@code plan} approved: its first steps are implementing. */
  static TaskDriver implementing(Plan plan) {
    return new TaskDriver().submit(DOCS).approvedPlan(plan);
  }

  final TaskStateMachine machine;
  TaskProgress progress;
  long now = T0;
  final List<TaskTransition> log = new ArrayList<>();
  /** What each {@link #send} gave the machine, in order: the progress before, the event and the time. */
  final List<Input> inputs = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();

  final ModelRouter router;
  final BudgetPolicy budgets;
  final int concurrency;

  TaskDriver(ModelRouter router, BudgetPolicy budgets, int concurrency) {
    this.router = router;
    this.budgets = budgets;
    this.concurrency = concurrency;
    AtomicInteger counter = ids;
    this.machine = new TaskStateMachine(router, budgets, concurrency, "coordinator@test",
        () -> "ev-" + counter.incrementAndGet());
  }

  TaskDriver() {
    this(Models.seedRouter(), BudgetPolicy.seedDefaults(), 1);
  }

  /** Applies {@code event}; an accepted event's progress becomes the task's. */
  TaskTransition send(TaskEvent event) {
    inputs.add(new Input(progress, event, now));
    TaskTransition transition = machine.on(progress, event, now);
    log.add(transition);
    if (!transition.rejected()) {
      progress = transition.progress();
    }
    return transition;
  }

  /** Applies {@code event} and fails the test when it is rejected. */
  TaskTransition accept(TaskEvent event) {
    TaskTransition transition = send(event);
    assertThat(transition.rejection()).as("rejection of " + event.describe()).isNull();
    return transition;
  }

  /** One call of the machine: the progress it was given (null before the submission), the event, the time. */
  record Input(TaskProgress before, TaskEvent event, long now) {}

  void advance(Duration by) {
    now += by.toMillis();
  }

  TaskState state() {
    return progress.state();
  }

  /** The last command of {@code type} written so far. */
  <T> T last(Class<T> type) {
    for (int i = log.size() - 1; i >= 0; i--) {
      List<T> values = log.get(i).values(type);
      if (!values.isEmpty()) {
        return values.getLast();
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " written");
  }

  ReviewRequested lastReview(ReviewSubject subject) {
    for (int i = log.size() - 1; i >= 0; i--) {
      List<ReviewRequested> reviews = log.get(i).values(ReviewRequested.class);
      for (int j = reviews.size() - 1; j >= 0; j--) {
        if (reviews.get(j).getSubject() == subject) {
          return reviews.get(j);
        }
      }
    }
    throw new AssertionError("no " + subject + " review requested");
  }

  ImplementationRequested lastImplementation(String stepId) {
    for (int i = log.size() - 1; i >= 0; i--) {
      List<ImplementationRequested> all = log.get(i).values(ImplementationRequested.class);
      for (int j = all.size() - 1; j >= 0; j--) {
        if (all.get(j).getStep().getId().equals(stepId)) {
          return all.get(j);
        }
      }
    }
    throw new AssertionError("no implementation of " + stepId + " requested");
  }

  List<TaskStateChanged> changes() {
    return log.stream().filter(t -> !t.rejected()).flatMap(t -> t.stateChanges().stream()).toList();
  }

  // ---------------------------------------------------------------- moving a task along

  TaskDriver submit(TaskSpec spec) {
    accept(submitted(spec));
    return this;
  }

  TaskDriver planned(Plan plan) {
    accept(plan(last(PlanRequested.class), plan, last(PlanRequested.class).getModel()));
    return this;
  }

  TaskDriver planReviewed(Verdict verdict, String... required) {
    accept(planReview(lastReview(ReviewSubject.PLAN), verdict, required));
    return this;
  }

  /** Planned and approved: the first steps are implementing. */
  TaskDriver approvedPlan(Plan plan) {
    return planned(plan).planReviewed(Verdict.APPROVED);
  }

  TaskDriver implemented(String stepId) {
    accept(change(lastImplementation(stepId)));
    return this;
  }

  TaskDriver codeReviewed(Verdict verdict, String... required) {
    accept(codeReview(lastReview(ReviewSubject.CODE), verdict, required));
    return this;
  }

  TaskDriver gated(boolean passed) {
    accept(gate(last(GateRequested.class), passed));
    return this;
  }

  /** Implemented, approved and through the gate. */
  TaskDriver stepDone(String stepId) {
    implemented(stepId);
    codeReviewed(Verdict.APPROVED);
    accept(gate(lastGate(stepId), true));
    return this;
  }

  GateRequested lastGate(String stepId) {
    for (int i = log.size() - 1; i >= 0; i--) {
      List<GateRequested> all = log.get(i).values(GateRequested.class);
      for (int j = all.size() - 1; j >= 0; j--) {
        if (all.get(j).getStepId().equals(stepId)) {
          return all.get(j);
        }
      }
    }
    throw new AssertionError("no gate of " + stepId + " requested");
  }

  // ---------------------------------------------------------------- events

  static Envelope envelope(String taskId, String causationId, String producer) {
    return Envelope.newBuilder()
        .setEventId("in-" + java.util.UUID.randomUUID())
        .setCorrelationId(taskId)
        .setCausationId(causationId)
        .setOccurredAt(Instant.ofEpochMilli(T0))
        .setProducer(producer)
        .build();
  }

  private static Envelope answer(SpecificRecord request, String producer) {
    Envelope cause = dev.orkestra.runtime.Envelopes.of(request);
    return envelope(cause.getCorrelationId(), cause.getEventId(), producer);
  }

  static ModelUsage usage(ModelRef model, double cost) {
    return ModelUsage.newBuilder().setModelId(model.getModelId()).setProvider(String.valueOf(model.getProvider()))
        .setInputTokens(2000).setOutputTokens(1000).setCostUsd(cost).build();
  }

  static TaskEvent submitted(TaskSpec spec) {
    return new TaskEvent.Submitted(TaskSubmitted.newBuilder()
        .setEnvelope(envelope(spec.getTaskId(), null, "cli@test"))
        .setTask(spec)
        .setRequester("grzegorz")
        .build());
  }

  static TaskEvent plan(PlanRequested request, Plan plan, ModelRef author) {
    return new TaskEvent.Planned(PlanProposed.newBuilder()
        .setEnvelope(answer(request, "planner@test"))
        .setTaskId(request.getTask().getTaskId())
        .setPlan(plan)
        .setAuthor(author)
        .setAttempt(request.getAttempt())
        .setUsage(List.of(usage(author, 0.001)))
        .build());
  }

  static TaskEvent planReview(ReviewRequested request, Verdict verdict, String... required) {
    return new TaskEvent.Reviewed(review(request, verdict, required).build());
  }

  static ReviewCompleted.Builder review(ReviewRequested request, Verdict verdict, String... required) {
    return ReviewCompleted.newBuilder()
        .setEnvelope(answer(request, "reviewer@test"))
        .setTaskId(request.getTaskId())
        .setSubject(request.getSubject())
        .setStepId(request.getStep() == null ? null : request.getStep().getId())
        .setPlanVersion(request.getSubject() == ReviewSubject.PLAN ? request.getPlan().getPlanVersion() : null)
        .setCommitSha(request.getChange() == null ? null : request.getChange().getCommitSha())
        .setVerdict(verdict)
        .setScores(ReviewScores.newBuilder().setCompleteness(request.getSubject() == ReviewSubject.PLAN ? 9 : null)
            .setCorrectness(request.getSubject() == ReviewSubject.CODE ? 8 : null).build())
        .setRequiredChanges(List.of(required))
        .setReviewer(request.getReviewer())
        .setAttempt(request.getAttempt())
        .setUsage(List.of(usage(request.getReviewer(), 0.01)));
  }

  static TaskEvent codeReview(ReviewRequested request, Verdict verdict, String... required) {
    return new TaskEvent.Reviewed(review(request, verdict, required).build());
  }

  /** The commit of an attempt: derived from step and attempt, so each attempt has its own. */
  static String commitOf(String stepId, int attempt) {
    String seed = stepId + "-" + attempt + "-";
    return (seed.repeat(40 / seed.length() + 1)).substring(0, 40);
  }

  static TaskEvent change(ImplementationRequested request) {
    String commit = commitOf(request.getStep().getId(), request.getAttempt());
    return new TaskEvent.Changed(ChangeProposed.newBuilder()
        .setEnvelope(answer(request, "implementer@test"))
        .setTaskId(request.getTask().getTaskId())
        .setStepId(request.getStep().getId())
        .setAttempt(request.getAttempt())
        .setChange(CodeChange.newBuilder()
            .setBranch(request.getBranch())
            .setBaseSha(request.getRepo().getCommitSha() == null ? Tasks.BASE_SHA : request.getRepo().getCommitSha())
            .setCommitSha(commit)
            .setDiffStat(DiffStat.newBuilder().setFilesChanged(2).setInsertions(12).setDeletions(3).build())
            .build())
        .setExplanation("did " + request.getStep().getId())
        .setAuthor(request.getModel())
        .setUsage(List.of(usage(request.getModel(), 0.002)))
        .build());
  }

  static TaskEvent gate(GateRequested request, boolean passed, GateCheck... checks) {
    return new TaskEvent.Gated(gateResult(request, passed, checks).build());
  }

  static GateResult.Builder gateResult(GateRequested request, boolean passed, GateCheck... checks) {
    List<GateCheck> all = checks.length > 0 ? List.of(checks) : List.of(GateCheck.newBuilder().setName("tests")
        .setKind(CheckKind.TEST).setPassed(passed).setExitCode(passed ? 0 : 1)
        .setOutputTail(passed ? null : "FAILED test_hybrid_search").build());
    return GateResult.newBuilder()
        .setEnvelope(answer(request, "quality-gate@test"))
        .setTaskId(request.getTaskId())
        .setStepId(request.getStepId())
        .setCommitSha(request.getRepo().getCommitSha())
        .setPassed(passed)
        .setChecks(all)
        .setAttempt(request.getAttempt());
  }

  static TaskEvent breakingGate(GateRequested request) {
    return gate(request, false, GateCheck.newBuilder().setName("api").setKind(CheckKind.BREAKING_CHANGES)
        .setPassed(false).setOutputTail("removed SearchApi.find(String)").build());
  }

  static TaskEvent decision(String taskId, DecisionKind kind, String comment) {
    return decision(taskId, kind, comment, null, null);
  }

  static TaskEvent decision(String taskId, DecisionKind kind, String comment, String stepId, Plan edited) {
    return new TaskEvent.Decided(HumanDecision.newBuilder()
        .setEnvelope(envelope(taskId, null, "cli@test"))
        .setTaskId(taskId)
        .setStepId(stepId)
        .setDecision(kind)
        .setComment(comment)
        .setEditedPlan(edited)
        .setDecidedBy("alice")
        .build());
  }

  static TaskEvent control(String taskId, ControlAction action) {
    return control(taskId, action, null);
  }

  /** RESUME with the budget the task goes on with. */
  static TaskEvent control(String taskId, ControlAction action, Budget budget) {
    return new TaskEvent.Controlled(ControlCommand.newBuilder()
        .setEnvelope(envelope(taskId, null, "cli@test"))
        .setTaskId(taskId)
        .setAction(action)
        .setReason(action == ControlAction.PAUSE ? "lunch" : null)
        .setIssuedBy("bob")
        .setBudget(budget)
        .build());
  }

  static TaskEvent failure(SpecificRecord request, String role) {
    return new TaskEvent.RoleFailed(Failure.newBuilder()
        .setEnvelope(answer(request, role + "@test"))
        .setRole(role)
        .setRequestTopic("orkestra." + role + ".requests")
        .setKind(FailureKind.TRANSIENT_EXHAUSTED)
        .setReason("rate limited")
        .build());
  }
}
