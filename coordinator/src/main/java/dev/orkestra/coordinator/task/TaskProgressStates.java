package dev.orkestra.coordinator.task;

import dev.orkestra.coordinator.streams.ContractBytes;
import dev.orkestra.coordinator.task.state.EscalationState;
import dev.orkestra.coordinator.task.state.HeldEventState;
import dev.orkestra.coordinator.task.state.StepProgressState;
import dev.orkestra.coordinator.task.state.TaskProgressState;
import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.Failure;
import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.task.ChangeProposed;
import dev.orkestra.events.task.CodeChange;
import dev.orkestra.events.task.ControlCommand;
import dev.orkestra.events.task.DecisionKind;
import dev.orkestra.events.task.GateResult;
import dev.orkestra.events.task.HumanDecision;
import dev.orkestra.events.task.Plan;
import dev.orkestra.events.task.PlanProposed;
import dev.orkestra.events.task.PlanStep;
import dev.orkestra.events.task.ReviewCompleted;
import dev.orkestra.events.task.TaskSpec;
import dev.orkestra.events.task.TaskState;
import dev.orkestra.events.task.TaskSubmitted;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;

/**
 * {@link TaskProgress} to and from its stored form, {@code TaskProgressState} (task-state.avdl).
 * Everything the machine reads is kept, except the {@link StepScheduler}: it is a pure function of
 * the plan ({@link StepScheduler#check}), so it is rebuilt from the stored plan rather than stored
 * beside it, where the two could disagree.
 */
public final class TaskProgressStates {

  /** The contract records a held result can be, by full name. */
  private static final Map<String, Class<? extends SpecificRecord>> EVENT_TYPES = Stream.of(TaskSubmitted.class,
      PlanProposed.class, ReviewCompleted.class, ChangeProposed.class, GateResult.class, HumanDecision.class,
      ControlCommand.class, Failure.class).collect(Collectors.toUnmodifiableMap(TaskProgressStates::fullName,
          Function.identity()));

  private TaskProgressStates() {}

  public static TaskProgressState toState(TaskProgress task) {
    TaskUsage usage = task.usage();
    return TaskProgressState.newBuilder()
        .setSpec(ContractBytes.encode(task.spec()))
        .setSubmission(ContractBytes.encode(task.submission()))
        .setRequester(task.requester())
        .setState(name(task.state()))
        .setPausedFrom(name(task.pausedFrom()))
        .setLastCause(ContractBytes.encode(task.lastCause()))
        .setPlan(ContractBytes.encode(task.plan()))
        .setPlanAttempt(task.planAttempt())
        .setPlanRoundStart(task.planRoundStart())
        .setPlanAwaiting(task.planAwaiting())
        .setPlanner(ContractBytes.encode(task.planner()))
        .setPlanReviewer(ContractBytes.encode(task.planReviewer()))
        .setPlanFeedback(task.planFeedback())
        .setSteps(task.steps().stream().map(TaskProgressStates::toState).toList())
        .setHeadSha(task.headSha())
        .setInputTokens(usage.inputTokens())
        .setOutputTokens(usage.outputTokens())
        .setCostUsd(usage.costUsd())
        .setStartedAt(task.startedAt())
        .setDeadline(task.deadline())
        .setHeldSince(task.heldSince())
        .setEscalation(toState(task.escalation()))
        .setHeld(task.held().stream().map(TaskProgressStates::toState).toList())
        .build();
  }

  public static TaskProgress fromState(TaskProgressState state) {
    TaskProgress task = new TaskProgress(ContractBytes.decode(state.getSpec(), TaskSpec.class),
        ContractBytes.decode(state.getSubmission(), Envelope.class), state.getRequester(), state.getStartedAt(),
        state.getDeadline());
    task.state(taskState(state.getState()));
    task.caused(ContractBytes.decode(state.getLastCause(), Envelope.class));
    Plan plan = ContractBytes.decode(state.getPlan(), Plan.class);
    if (plan != null) {
      StepScheduler.PlanCheck check = StepScheduler.check(plan);
      task.plan(plan, check.valid() ? check.scheduler() : null);
    }
    task.planFeedback(state.getPlanFeedback());
    Map<String, StepProgress> steps = new LinkedHashMap<>();
    for (StepProgressState step : state.getSteps()) {
      StepProgress restored = fromState(step);
      steps.put(restored.id(), restored);
    }
    task.steps(steps);
    task.headSha(state.getHeadSha());
    task.usage(new TaskUsage(state.getInputTokens(), state.getOutputTokens(), state.getCostUsd()));
    task.restore(state.getPausedFrom() == null ? null : taskState(state.getPausedFrom()), state.getPlanAttempt(),
        state.getPlanRoundStart(), state.getPlanAwaiting(), ContractBytes.decode(state.getPlanner(), ModelRef.class),
        ContractBytes.decode(state.getPlanReviewer(), ModelRef.class), state.getHeldSince(),
        fromState(state.getEscalation()));
    for (HeldEventState held : state.getHeld()) {
      task.hold(fromState(held));
    }
    return task;
  }

  private static StepProgressState toState(StepProgress step) {
    return StepProgressState.newBuilder()
        .setStep(ContractBytes.encode(step.step()))
        .setPhase(name(step.phase()))
        .setSkipped(step.skipped())
        .setAttempt(step.attempt())
        .setRoundStart(step.roundStart())
        .setCodeRejections(step.codeRejections())
        .setGateFailures(step.gateFailures())
        .setAwaiting(step.awaiting())
        .setImplementer(ContractBytes.encode(step.implementer()))
        .setReviewer(ContractBytes.encode(step.reviewer()))
        .setChange(ContractBytes.encode(step.change()))
        .setExplanation(step.explanation())
        .setFeedback(step.feedback())
        .build();
  }

  private static StepProgress fromState(StepProgressState state) {
    StepProgress step = new StepProgress(ContractBytes.decode(state.getStep(), PlanStep.class));
    step.restore(taskState(state.getPhase()), state.getSkipped(), state.getAttempt(), state.getRoundStart(),
        state.getCodeRejections(), state.getGateFailures(), state.getAwaiting(),
        ContractBytes.decode(state.getImplementer(), ModelRef.class),
        ContractBytes.decode(state.getReviewer(), ModelRef.class),
        ContractBytes.decode(state.getChange(), CodeChange.class), state.getExplanation(), state.getFeedback());
    return step;
  }

  private static EscalationState toState(Escalation escalation) {
    if (escalation == null) {
      return null;
    }
    return EscalationState.newBuilder()
        .setTrigger(escalation.trigger().name())
        .setStage(name(escalation.stage()))
        .setStepId(escalation.stepId())
        .setReason(escalation.reason())
        .setOptions(escalation.options().stream().map(Enum::name).toList())
        .build();
  }

  private static Escalation fromState(EscalationState state) {
    if (state == null) {
      return null;
    }
    List<DecisionKind> options = state.getOptions().stream().map(TaskProgressStates::decision).toList();
    return new Escalation(EscalationTrigger.valueOf(state.getTrigger()), taskState(state.getStage()),
        state.getStepId(), state.getReason(), options);
  }

  private static HeldEventState toState(TaskEvent event) {
    SpecificRecord record = event.record();
    return HeldEventState.newBuilder().setType(record.getSchema().getFullName())
        .setEvent(ContractBytes.encode(record)).build();
  }

  private static TaskEvent fromState(HeldEventState state) {
    Class<? extends SpecificRecord> type = EVENT_TYPES.get(state.getType());
    if (type == null) {
      throw new IllegalStateException("a held event of type " + state.getType() + " is not one a task takes");
    }
    return TaskEvent.of(ContractBytes.decode(state.getEvent(), type)).orElseThrow();
  }

  private static String name(TaskState state) {
    return state == null ? null : state.name();
  }

  /** A state a newer version wrote reads as UNKNOWN, which the machine does not act on. */
  private static TaskState taskState(String name) {
    try {
      return TaskState.valueOf(name);
    } catch (IllegalArgumentException e) {
      return TaskState.UNKNOWN;
    }
  }

  private static DecisionKind decision(String name) {
    try {
      return DecisionKind.valueOf(name);
    } catch (IllegalArgumentException e) {
      return DecisionKind.UNKNOWN;
    }
  }

  private static String fullName(Class<? extends SpecificRecord> type) {
    return org.apache.avro.specific.SpecificData.get().getSchema(type).getFullName();
  }
}
