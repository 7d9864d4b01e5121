package dev.orkestra.coordinator.task;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.task.Budget;
import dev.orkestra.events.task.Plan;
import dev.orkestra.events.task.TaskSpec;
import dev.orkestra.events.task.TaskState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything the coordinator knows about one task: the spec, its state, the plan and its rounds,
 * each step's {@link StepProgress}, model usage, the time limit, the escalation a person is asked
 * about, and the results that arrived while the task was paused or waiting (held, to be applied
 * when it goes on). The state machine never changes a progress it is given: it works on a
 * {@link #copy()} and returns that, so a rejected event leaves the stored state as it was.
 */
public final class TaskProgress {

  private TaskSpec spec;
  private final Envelope submission;
  private final String requester;
  private TaskState state = TaskState.NEW;
  private TaskState pausedFrom;
  private Envelope lastCause;

  private Plan plan;
  private StepScheduler scheduler;
  private int planVersion;
  private int planAttempt;
  private int planRoundStart = 1;
  private String planAwaiting;
  private ModelRef planner;
  private ModelRef planReviewer;
  private List<String> planFeedback = List.of();

  private Map<String, StepProgress> steps = new LinkedHashMap<>();
  private String headSha;
  private TaskUsage usage = TaskUsage.NONE;
  private long startedAt;
  private long deadline = Long.MAX_VALUE;
  private long heldSince;
  private Escalation escalation;
  private List<TaskEvent> held = new ArrayList<>();

  /**
   * @param submission the envelope of the TaskSubmitted that started the task (its eventId names the run)
   * @param requester  who submitted it, when the submission says
   */
  TaskProgress(TaskSpec spec, Envelope submission, String requester, long now, long deadline) {
    this.spec = spec;
    this.submission = submission;
    this.requester = requester;
    this.lastCause = submission;
    this.startedAt = now;
    this.deadline = deadline;
    this.headSha = spec.getRepo() == null ? null : spec.getRepo().getCommitSha();
  }

  public TaskProgress copy() {
    TaskProgress copy = new TaskProgress(spec, submission, requester, startedAt, deadline);
    copy.lastCause = lastCause;
    copy.state = state;
    copy.pausedFrom = pausedFrom;
    copy.plan = plan;
    copy.scheduler = scheduler;
    copy.planVersion = planVersion;
    copy.planAttempt = planAttempt;
    copy.planRoundStart = planRoundStart;
    copy.planAwaiting = planAwaiting;
    copy.planner = planner;
    copy.planReviewer = planReviewer;
    copy.planFeedback = planFeedback;
    copy.steps = new LinkedHashMap<>();
    steps.forEach((id, step) -> copy.steps.put(id, step.copy()));
    copy.headSha = headSha;
    copy.usage = usage;
    copy.heldSince = heldSince;
    copy.escalation = escalation;
    copy.held = new ArrayList<>(held);
    return copy;
  }

  public String taskId() {
    return spec.getTaskId();
  }

  public TaskSpec spec() {
    return spec;
  }

  /** The envelope of the TaskSubmitted that started this run of the task. */
  public Envelope submission() {
    return submission;
  }

  /** Who submitted the task; null when the submission does not say. */
  public String requester() {
    return requester;
  }

  public TaskState state() {
    return state;
  }

  /** The state a paused task resumes in. */
  public TaskState pausedFrom() {
    return pausedFrom;
  }

  public Envelope lastCause() {
    return lastCause;
  }

  /** The latest plan: proposed (under review, or refused as invalid), accepted, or edited by a person. */
  public Plan plan() {
    return plan;
  }

  /** The scheduler of the latest valid plan; null before there is one. */
  public StepScheduler scheduler() {
    return scheduler;
  }

  public int planVersion() {
    return planVersion;
  }

  public int planAttempt() {
    return planAttempt;
  }

  /** Plan attempts of the current round (since the task started, or a person asked to plan again). */
  public int planRoundsUsed() {
    return planAttempt - planRoundStart + 1;
  }

  /** The first plan attempt of the current round. */
  int planRoundStart() {
    return planRoundStart;
  }

  public String planAwaiting() {
    return planAwaiting;
  }

  public ModelRef planner() {
    return planner;
  }

  public ModelRef planReviewer() {
    return planReviewer;
  }

  public List<String> planFeedback() {
    return planFeedback;
  }

  public StepProgress step(String stepId) {
    return stepId == null ? null : steps.get(stepId);
  }

  public Collection<StepProgress> steps() {
    return steps.values();
  }

  public Set<String> doneSteps() {
    return steps.values().stream().filter(StepProgress::done).map(StepProgress::id)
        .collect(Collectors.toUnmodifiableSet());
  }

  public Set<String> runningSteps() {
    return steps.values().stream().filter(StepProgress::running).map(StepProgress::id)
        .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * The completed (not skipped) steps in the order they are applied to the task branch. With one
   * step at a time each builds on the one before and this is the order they ran in; steps that ran
   * side by side are applied in this order whichever finished first.
   */
  public List<String> integrationOrder() {
    if (scheduler == null) {
      return List.of();
    }
    return scheduler.integrationOrder(steps.values().stream().filter(s -> s.done() && !s.skipped())
        .map(StepProgress::id).toList());
  }

  /** The task branch's head as the coordinator knows it: the base commit, then each step's commit built on it. */
  public String headSha() {
    return headSha;
  }

  public TaskUsage usage() {
    return usage;
  }

  public long startedAt() {
    return startedAt;
  }

  /** When the task is over its time limit; moved on by the time it spent paused or waiting for a person. */
  public long deadline() {
    return deadline;
  }

  public Escalation escalation() {
    return escalation;
  }

  /** When the task was last paused or began waiting for a person (epoch ms; 0 before either). */
  long heldSince() {
    return heldSince;
  }

  /** Results that arrived while the task was paused or waiting, in arrival order. */
  public List<TaskEvent> held() {
    return List.copyOf(held);
  }

  public String branch() {
    return spec.getBranch() == null || spec.getBranch().isBlank() ? "orkestra/" + spec.getTaskId() : spec.getBranch();
  }

  // ---- changes, made by the state machine on its own copy

  /**
   * Sets what the machine's changes below only set together with other fields, to the values a
   * stored progress held ({@link TaskProgressStates}); the other fields are restored through the
   * changes themselves.
   */
  void restore(TaskState pausedFrom, int planAttempt, int planRoundStart, String planAwaiting, ModelRef planner,
      ModelRef planReviewer, long heldSince, Escalation escalation) {
    this.pausedFrom = pausedFrom;
    this.planAttempt = planAttempt;
    this.planRoundStart = planRoundStart;
    this.planAwaiting = planAwaiting;
    this.planner = planner;
    this.planReviewer = planReviewer;
    this.heldSince = heldSince;
    this.escalation = escalation;
  }

  void state(TaskState next) {
    this.state = next;
  }

  /**
   * A person resumed the task with raised limits (ControlCommand.budget): its cost and time limits,
   * where set, replace the task's; attempts and review rounds stay the task's (a RETRY decision gives
   * a step a new round), so a resume that only names a cost cannot reset them.
   */
  void raiseLimits(Budget raised) {
    Budget.Builder budget = Budget.newBuilder(spec.getBudget());
    if (raised.getMaxCostUsd() != null) {
      budget.setMaxCostUsd(raised.getMaxCostUsd());
    }
    if (raised.getMaxDurationMs() != null) {
      budget.setMaxDurationMs(raised.getMaxDurationMs());
    }
    this.spec = TaskSpec.newBuilder(spec).setBudget(budget.build()).build();
  }

  void pause(long now) {
    this.pausedFrom = state;
    this.state = TaskState.PAUSED;
    this.heldSince = now;
  }

  /** Leaves PAUSED or AWAITING_HUMAN_REVIEW: the time spent there does not count against the time limit. */
  void resume(TaskState next, long now) {
    this.state = next;
    this.pausedFrom = null;
    long waited = Math.max(0, now - heldSince);
    this.deadline = deadline > Long.MAX_VALUE - waited ? Long.MAX_VALUE : deadline + waited;
  }

  void deadline(long value) {
    this.deadline = value;
  }

  void caused(Envelope cause) {
    if (cause != null) {
      this.lastCause = cause;
    }
  }

  void plan(Plan value, StepScheduler valid) {
    this.plan = value;
    this.scheduler = valid;
    this.planVersion = value.getPlanVersion();
  }

  void planRequested(String requestId, ModelRef model) {
    planAttempt++;
    planAwaiting = requestId;
    planner = model;
  }

  void planProposed(ModelRef author) {
    planner = author;
    planAwaiting = null;
  }

  void planReviewRequested(String requestId, ModelRef model) {
    planAwaiting = requestId;
    planReviewer = model;
  }

  void planAnswered() {
    planAwaiting = null;
  }

  void planFeedback(List<String> next) {
    planFeedback = List.copyOf(next);
  }

  /** A person asked to plan again: the review rounds count again from the next attempt. */
  void newPlanRound() {
    planRoundStart = planAttempt + 1;
  }

  void steps(Map<String, StepProgress> next) {
    this.steps = new LinkedHashMap<>(next);
  }

  void headSha(String value) {
    this.headSha = value;
  }

  void usage(TaskUsage value) {
    this.usage = value;
  }

  void escalate(Escalation value, long now) {
    this.escalation = value;
    this.state = TaskState.AWAITING_HUMAN_REVIEW;
    this.heldSince = now;
  }

  void escalationAnswered() {
    this.escalation = null;
  }

  void hold(TaskEvent event) {
    held.add(event);
  }

  List<TaskEvent> releaseHeld() {
    List<TaskEvent> released = List.copyOf(held);
    held.clear();
    return released;
  }

  /**
   * The task's state while steps run: the least advanced phase among running steps (seed 002's
   * states are a single step's; with one step at a time they are exactly that step's).
   */
  TaskState runningState() {
    TaskState least = null;
    for (StepProgress step : steps.values()) {
      if (step.running() && (least == null || step.phase().ordinal() < least.ordinal())) {
        least = step.phase();
      }
    }
    return least;
  }
}
