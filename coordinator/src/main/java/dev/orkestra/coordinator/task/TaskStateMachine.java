package dev.orkestra.coordinator.task;

import static dev.orkestra.events.task.TaskState.AWAITING_HUMAN_REVIEW;
import static dev.orkestra.events.task.TaskState.CODE_REVIEW;
import static dev.orkestra.events.task.TaskState.DONE;
import static dev.orkestra.events.task.TaskState.FAILED;
import static dev.orkestra.events.task.TaskState.IMPLEMENTING;
import static dev.orkestra.events.task.TaskState.NEW;
import static dev.orkestra.events.task.TaskState.PAUSED;
import static dev.orkestra.events.task.TaskState.PLANNED;
import static dev.orkestra.events.task.TaskState.PLANNING;
import static dev.orkestra.events.task.TaskState.PLAN_REVIEW;
import static dev.orkestra.events.task.TaskState.QUALITY_GATE;
import static dev.orkestra.events.task.TaskState.STEP_COMPLETE;
import static dev.orkestra.events.task.TaskState.STOPPED;

import dev.orkestra.coordinator.task.StepScheduler.PlanCheck;
import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.Failure;
import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.events.task.Budget;
import dev.orkestra.events.task.ChangeProposed;
import dev.orkestra.events.task.CodeChange;
import dev.orkestra.events.task.ControlAction;
import dev.orkestra.events.task.ControlCommand;
import dev.orkestra.events.task.DecisionKind;
import dev.orkestra.events.task.GateRequested;
import dev.orkestra.events.task.GateResult;
import dev.orkestra.events.task.HumanDecision;
import dev.orkestra.events.task.ImplementationRequested;
import dev.orkestra.events.task.Plan;
import dev.orkestra.events.task.PlanProposed;
import dev.orkestra.events.task.PlanRequested;
import dev.orkestra.events.task.PlanStep;
import dev.orkestra.events.task.ReviewCompleted;
import dev.orkestra.events.task.ReviewRequested;
import dev.orkestra.events.task.ReviewScores;
import dev.orkestra.events.task.ReviewSubject;
import dev.orkestra.events.task.TaskSpec;
import dev.orkestra.events.task.TaskState;
import dev.orkestra.events.task.Verdict;
import dev.orkestra.topics.Topics;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;

/**
 * The task state machine of seed 002, as one plain class: (task progress, event, now) → (new
 * progress, records to write), or a rejection naming the state and the event. Normal path:
 * NEW → PLANNING → PLAN_REVIEW → PLANNED → per step IMPLEMENTING → CODE_REVIEW → QUALITY_GATE →
 * STEP_COMPLETE → … → DONE; AWAITING_HUMAN_REVIEW on seed 002's escalation triggers
 * ({@link EscalationPolicy}); PAUSED by control or over budget; STOPPED by control; FAILED when aborted.
 *
 * <p>Every transition is published as a {@code TaskStateChanged} with a reason a person can read;
 * a step's transitions name the step. NEW, PLANNED and STEP_COMPLETE are passed through within one
 * event (their changes are published, the task never rests in them). While steps run, the task's
 * state is the least advanced state of its running steps: with one step at a time (seed 002) it is
 * exactly that step's.
 *
 * <p>Results that arrive while the task is paused or waits for a person are checked as if it
 * were running and, if they fit, held and applied when it goes on — their work was paid for, and
 * a pause must not throw it away. A result that does not fit (a duplicate, one for an earlier
 * attempt, one for a step that is not running) is rejected, as is every event the current state
 * has no use for. Nothing here throws: even a malformed record becomes a rejection.
 */
public final class TaskStateMachine {

  /** States in which the task works and its time runs: the time limit is checked in them, and only in them. */
  static final Set<TaskState> ACTIVE = EnumSet.of(PLANNING, PLAN_REVIEW, IMPLEMENTING, CODE_REVIEW,
      QUALITY_GATE);
  private static final Set<TaskState> RUNNING = EnumSet.of(IMPLEMENTING, CODE_REVIEW, QUALITY_GATE);
  private static final Set<TaskState> TERMINAL = EnumSet.of(DONE, FAILED, STOPPED);

  private final ModelRouter router;
  private final BudgetPolicy budgets;
  private final EscalationPolicy escalations;
  private final int concurrency;
  private final TaskRequests requests;

  /**
   * @param concurrency steps of one task that may run at once (seed 002 runs them one by one: 1)
   * @param producer    the envelope's producer, e.g. "coordinator@host-1"
   */
  public TaskStateMachine(ModelRouter router, BudgetPolicy budgets, int concurrency, String producer) {
    this(router, budgets, concurrency, producer, () -> UUID.randomUUID().toString());
  }

  TaskStateMachine(ModelRouter router, BudgetPolicy budgets, int concurrency, String producer, Supplier<String> ids) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("step concurrency must be at least 1 (was " + concurrency + ")");
    }
    this.router = router;
    this.budgets = budgets;
    this.escalations = new EscalationPolicy(budgets);
    this.concurrency = concurrency;
    this.requests = new TaskRequests(producer, ids);
  }

  /**
   * @param progress the task's stored progress; null when none is stored (only a submission is valid then)
   * @param now      wall-clock time (epoch ms): the time limit is checked against it
   */
  public TaskTransition on(TaskProgress progress, TaskEvent event, long now) {
    return on(progress, event, now, 0.0);
  }

  /**
   * @param spentToday what every task has spent on models today (UTC), the event's own usage not included;
   *     the coordinator's daily limit is checked against it with the event's usage added
   */
  public TaskTransition on(TaskProgress progress, TaskEvent event, long now, double spentToday) {
    try {
      return handle(progress, event, now, spentToday);
    } catch (RuntimeException e) {
      // A record missing a required field (written by a broken producer) must not stop the stream.
      return TaskTransition.rejected(progress, rejection(progress, event, "it could not be read (" + e + ")"));
    }
  }

  private TaskTransition handle(TaskProgress current, TaskEvent event, long now, double spentToday) {
    if (event instanceof TaskEvent.Submitted submitted) {
      return submit(current, submitted, now);
    }
    if (current == null) {
      return TaskTransition.rejected(null, rejection(null, event, "no task " + event.taskId() + " was submitted"));
    }
    if (event.taskId() != null && !event.taskId().equals(current.taskId())) {
      return TaskTransition.rejected(current, rejection(current, event, "it belongs to task " + event.taskId()));
    }
    TaskState state = current.state();
    if (event instanceof TaskEvent.Tick && !ACTIVE.contains(state)) {
      return new TaskTransition(current, List.of(), null); // the clock stands still while paused, waiting or finished
    }
    if (TERMINAL.contains(state)) {
      return TaskTransition.rejected(current, rejection(current, event, "the task is finished and takes no more events"));
    }
    if (!ACTIVE.contains(state) && state != PAUSED && state != AWAITING_HUMAN_REVIEW) {
      return TaskTransition.rejected(current, rejection(current, event,
          "the task cannot be in this state between events (it is passed through, or unknown to this coordinator)"));
    }
    TaskTransition clock = null;
    if (ACTIVE.contains(state)) {
      Optional<String> late = budgets.overTime(current.spec().getBudget(), current.deadline(), now);
      if (late.isPresent()) {
        Run run = new Run(current.copy(), current.lastCause(), now);
        escalate(run, escalations.overTime(state, late.get()), state, null);
        clock = run.result();
        current = clock.progress();
      }
    }
    if (event instanceof TaskEvent.Tick) {
      return clock != null ? clock : new TaskTransition(current, List.of(), null);
    }
    TaskTransition result = dispatch(current, event, now, spentToday);
    if (clock == null) {
      return result;
    }
    // The time limit passed before this event: its escalation stands even if the event is rejected.
    List<TaskCommand> both = new ArrayList<>(clock.commands());
    both.addAll(result.commands());
    return new TaskTransition(result.progress(), both, result.rejection());
  }

  private TaskTransition dispatch(TaskProgress current, TaskEvent event, long now, double spentToday) {
    Run run = new Run(current.copy(), event.envelope(), now);
    run.spentToday = spentToday;
    if (ACTIVE.contains(current.state()) && !event.usage().isEmpty()) {
      Optional<String> over = budgets.overspent(current.spec().getBudget(), current.usage().plus(event.usage()))
          .or(() -> budgets.overDaily(spentToday + paid(event.usage())));
      if (over.isPresent()) {
        String why = pauseOverBudget(run, event, over.get());
        return why == null ? run.result() : TaskTransition.rejected(current, rejection(current, event, why));
      }
    }
    String why = switch (current.state()) {
      case PAUSED -> whilePaused(run, event);
      case AWAITING_HUMAN_REVIEW -> whileAwaiting(run, event);
      default -> active(run, event);
    };
    return why == null ? run.result() : TaskTransition.rejected(current, rejection(current, event, why));
  }

  // ---------------------------------------------------------------- per state

  /** Returns why the event is rejected, or null when it was taken (its effects are in {@code run}). */
  private String active(Run run, TaskEvent event) {
    TaskState state = run.task.state();
    return switch (event) {
      case TaskEvent.Planned e -> state == PLANNING ? onPlan(run, e.event()) : "no plan is being made";
      case TaskEvent.Reviewed e -> e.event().getSubject() == ReviewSubject.PLAN
          ? state == PLAN_REVIEW ? onPlanReview(run, e.event()) : "no plan is under review"
          : RUNNING.contains(state) ? onCodeReview(run, e.event()) : "no step is running";
      case TaskEvent.Changed e -> RUNNING.contains(state) ? onChange(run, e.event()) : "no step is running";
      case TaskEvent.Gated e -> RUNNING.contains(state) ? onGate(run, e.event()) : "no step is running";
      case TaskEvent.RoleFailed e -> onFailure(run, e.event());
      case TaskEvent.Decided e -> "no escalation waits for a decision";
      case TaskEvent.Controlled e -> switch (action(e.event())) {
        case PAUSE -> pause(run, e.event());
        case STOP -> stop(run, e.event());
        case RESUME -> "the task is not paused";
        case UNKNOWN -> "the action is not one this coordinator knows";
      };
      case TaskEvent.Submitted e -> "the task was already submitted";
      case TaskEvent.Tick e -> null;
    };
  }

  private String whilePaused(Run run, TaskEvent event) {
    return switch (event) {
      case TaskEvent.Controlled e -> switch (action(e.event())) {
        case RESUME -> resume(run, e.event());
        case STOP -> stop(run, e.event());
        case PAUSE -> "the task is already paused";
        case UNKNOWN -> "the action is not one this coordinator knows";
      };
      case TaskEvent.Decided e -> "no escalation waits for a decision (the task is paused)";
      default -> holdIfValid(run, event, run.task.pausedFrom());
    };
  }

  private String whileAwaiting(Run run, TaskEvent event) {
    return switch (event) {
      case TaskEvent.Decided e -> decide(run, e.event());
      case TaskEvent.Controlled e -> switch (action(e.event())) {
        case STOP -> stop(run, e.event());
        case PAUSE -> "the task already waits for a person: decide, or stop it";
        case RESUME -> "the task is not paused: it waits for a person's decision";
        case UNKNOWN -> "the action is not one this coordinator knows";
      };
      default -> holdIfValid(run, event, run.task.escalation().stage());
    };
  }

  /**
   * A result that arrives while the task is held is taken only if the task, running in
   * {@code asIf} with the results already held applied, would take it; then it is kept and
   * applied when the task goes on. (So a duplicate of a held result is rejected now, not later.)
   */
  private String holdIfValid(Run run, TaskEvent event, TaskState asIf) {
    TaskProgress probe = run.task.copy();
    probe.state(asIf);
    for (TaskEvent earlier : probe.releaseHeld()) {
      active(new Run(probe, earlier.envelope(), run.now), earlier);
      if (probe.state() == AWAITING_HUMAN_REVIEW) {
        // An earlier result would make the task wait again: the others' steps still take theirs.
        probe.state(asIf);
      }
    }
    String why = active(new Run(probe, event.envelope(), run.now), event);
    if (why != null) {
      return why;
    }
    run.task.hold(event);
    return null;
  }

  // ---------------------------------------------------------------- submission and planning

  private TaskTransition submit(TaskProgress current, TaskEvent.Submitted submitted, long now) {
    if (current != null) {
      return TaskTransition.rejected(current, rejection(current, submitted, "the task was already submitted"));
    }
    TaskSpec spec = submitted.event().getTask();
    Envelope envelope = submitted.event().getEnvelope();
    String problem = spec == null || spec.getTaskId() == null || spec.getTaskId().isBlank() ? "it has no taskId"
        : envelope == null || !spec.getTaskId().equals(envelope.getCorrelationId())
            ? "its envelope's correlationId is not its taskId " + spec.getTaskId()
            : spec.getBudget() == null || spec.getQuality() == null || spec.getRepo() == null
                ? "it has no budget, quality policy or repository"
                : null;
    if (problem != null) {
      return TaskTransition.rejected(null, rejection(null, submitted, problem));
    }
    TaskProgress task = new TaskProgress(spec, envelope, submitted.event().getRequester(), now,
        budgets.deadline(spec.getBudget(), now));
    Run run = new Run(task, envelope, now);
    String requester = submitted.event().getRequester();
    run.changed(null, NEW, null, "submitted" + (requester == null ? "" : " by " + requester) + ": " + spec.getGoal(),
        null);
    requestPlan(run, List.of(), NEW, "planning, attempt 1");
    return run.result();
  }

  private void requestPlan(Run run, List<String> feedback, TaskState from, String what) {
    TaskProgress task = run.task;
    RouteDecision route = router.route(RouteRequest.planner(task.spec()));
    if (!route.routed()) {
      escalate(run, escalations.noEligibleModel(PLANNING, null, route.reason()), from, null);
      return;
    }
    PlanRequested request = requests.plan(task, route.model(), feedback, run.cause, run.now);
    task.planRequested(request.getEnvelope().getEventId(), route.model());
    task.state(PLANNING);
    run.changed(from, PLANNING, null, what + "; " + route.reason(), route.model());
    run.emit(task.taskId(), request);
  }

  private String onPlan(Run run, PlanProposed proposed) {
    TaskProgress task = run.task;
    String stale = planAnswerProblem(task, proposed.getAttempt(), proposed.getEnvelope(), "plan");
    if (stale != null) {
      return stale;
    }
    if (proposed.getPlan() == null) {
      return "it carries no plan";
    }
    if (proposed.getAuthor() == null) {
      return "it names no author (a reviewer must differ from it)";
    }
    task.planProposed(proposed.getAuthor());
    spend(run, proposed.getUsage());
    // The machine numbers plans itself (1, then +1 for every revision or edit), whatever the planner wrote.
    Plan plan = Plan.newBuilder(proposed.getPlan()).setPlanVersion(task.planVersion() + 1).build();
    PlanCheck check = StepScheduler.check(plan);
    task.plan(plan, check.scheduler());
    String by = "plan v" + plan.getPlanVersion() + " by " + modelId(proposed.getAuthor());
    if (!check.valid()) {
      task.planFeedback(new Feedback().addAll("plan check: ", check.problems()).lines());
      Optional<Escalation> escalation = escalations.planInvalid(task.planRoundsUsed(), task.spec().getBudget(),
          plan.getPlanVersion(), check.summary());
      if (escalation.isPresent()) {
        escalate(run, escalation.get(), PLANNING, null);
      } else {
        requestPlan(run, task.planFeedback(), PLANNING, by + " cannot be scheduled: " + check.summary()
            + "; planning again, " + roundOf(task.planRoundsUsed() + 1, budgets.maxReviewRounds(task.spec().getBudget())));
      }
      return null;
    }
    requestPlanReview(run, PLANNING, by + " (" + plan.getSteps().size() + " steps) proposed");
    return null;
  }

  private void requestPlanReview(Run run, TaskState from, String what) {
    TaskProgress task = run.task;
    RouteDecision route = router.route(RouteRequest.planReviewer(task.spec(), task.planner()));
    if (!route.routed()) {
      escalate(run, escalations.noEligibleModel(PLAN_REVIEW, null, route.reason()), from, null);
      return;
    }
    ReviewRequested request = requests.planReview(task, route.model(), run.cause, run.now);
    task.planReviewRequested(request.getEnvelope().getEventId(), route.model());
    task.state(PLAN_REVIEW);
    run.changed(from, PLAN_REVIEW, null, what + "; " + route.reason(), route.model());
    run.emit(task.taskId(), request);
  }

  private String onPlanReview(Run run, ReviewCompleted review) {
    TaskProgress task = run.task;
    String stale = planAnswerProblem(task, review.getAttempt(), review.getEnvelope(), "plan review");
    if (stale != null) {
      return stale;
    }
    if (review.getPlanVersion() != null && review.getPlanVersion() != task.planVersion()) {
      return "it reviewed plan v" + review.getPlanVersion() + ", the plan under review is v" + task.planVersion();
    }
    task.planAnswered();
    spend(run, review.getUsage());
    Verdict verdict = ReviewPolicy.verdict(review);
    String reviewer = modelId(review.getReviewer());
    String plan = "plan v" + task.planVersion();
    if (verdict == Verdict.APPROVED) {
      acceptPlan(run, PLAN_REVIEW, plan + " approved by " + reviewer + scores(review.getScores()));
      return null;
    }
    List<String> feedback = ReviewPolicy.planFeedback(review);
    task.planFeedback(feedback);
    String issue = ReviewPolicy.issue(review, feedback);
    int max = budgets.maxReviewRounds(task.spec().getBudget());
    Optional<Escalation> escalation = escalations.planReviewed(verdict, task.planRoundsUsed(),
        task.spec().getBudget(), task.planVersion(), reviewer, issue);
    if (escalation.isPresent()) {
      escalate(run, escalation.get(), PLAN_REVIEW, null);
    } else {
      requestPlan(run, feedback, PLAN_REVIEW, plan + " needs changes (" + roundOf(task.planRoundsUsed(), max)
          + ", by " + reviewer + "): " + issue + "; planning again with the review");
    }
    return null;
  }

  private void acceptPlan(Run run, TaskState from, String why) {
    TaskProgress task = run.task;
    Map<String, StepProgress> steps = new LinkedHashMap<>();
    for (PlanStep step : task.scheduler().steps()) {
      steps.put(step.getId(), new StepProgress(step));
    }
    task.steps(steps);
    task.state(PLANNED);
    run.changed(from, PLANNED, null, why + "; " + steps.size() + (steps.size() == 1 ? " step" : " steps"), null);
    schedule(run, PLANNED);
  }

  // ---------------------------------------------------------------- steps

  /** Starts what may start, or finishes the task when every step is done. */
  private void schedule(Run run, TaskState from) {
    TaskProgress task = run.task;
    StepScheduler scheduler = task.scheduler();
    Set<String> done = task.doneSteps();
    if (scheduler.allDone(done)) {
      long skipped = task.steps().stream().filter(StepProgress::skipped).count();
      task.state(DONE);
      run.changed(from, DONE, null, "all " + task.steps().size() + " steps complete"
          + (skipped == 0 ? "" : " (" + skipped + " skipped)") + "; integration order: "
          + String.join(", ", task.integrationOrder()), null);
      return;
    }
    for (String id : scheduler.startable(done, task.runningSteps(), concurrency)) {
      StepProgress step = task.step(id);
      List<String> after = List.copyOf(scheduler.dependenciesOf(id));
      implement(run, step, List.of(), from, "step " + id + " starts" + (after.isEmpty() ? "" : " (after "
          + String.join(", ", scheduler.integrationOrder(after)) + ")") + ", attempt 1 of "
          + budgets.maxAttempts(task.spec().getBudget()));
      if (task.state() == AWAITING_HUMAN_REVIEW) {
        return;
      }
    }
    settle(task);
  }

  private void implement(Run run, StepProgress step, List<String> feedback, TaskState from, String what) {
    TaskProgress task = run.task;
    RouteDecision route = router.route(RouteRequest.implementer(task.spec(), step.step()));
    if (!route.routed()) {
      escalate(run, escalations.noEligibleModel(IMPLEMENTING, step.id(), route.reason()), from, step);
      return;
    }
    ImplementationRequested request = requests.implementation(task, step, route.model(), feedback, run.cause,
        run.now);
    step.implementing(request.getEnvelope().getEventId(), route.model());
    settle(task);
    run.changed(from, IMPLEMENTING, step, what + "; " + route.reason(), route.model());
    run.emit(Topics.stepKey(task.taskId(), step.id()), request);
  }

  private String onChange(Run run, ChangeProposed proposed) {
    TaskProgress task = run.task;
    StepProgress step = task.step(proposed.getStepId());
    String stale = stepAnswerProblem(task, step, proposed.getStepId(), IMPLEMENTING, proposed.getAttempt(),
        proposed.getEnvelope(), null);
    if (stale != null) {
      return stale;
    }
    if (proposed.getChange() == null) {
      return "it carries no change";
    }
    if (proposed.getAuthor() == null) {
      return "it names no author (a reviewer must differ from it)";
    }
    step.proposed(proposed.getChange(), proposed.getExplanation(), proposed.getAuthor());
    spend(run, proposed.getUsage());
    requestCodeReview(run, step, IMPLEMENTING, "change " + describe(proposed.getChange()) + " by "
        + modelId(proposed.getAuthor()));
    return null;
  }

  private void requestCodeReview(Run run, StepProgress step, TaskState from, String what) {
    TaskProgress task = run.task;
    RouteDecision route = router.route(RouteRequest.codeReviewer(task.spec(), step.step(), step.implementer()));
    if (!route.routed()) {
      escalate(run, escalations.noEligibleModel(CODE_REVIEW, step.id(), route.reason()), from, step);
      return;
    }
    ReviewRequested request = requests.codeReview(task, step, route.model(), run.cause, run.now);
    step.inReview(request.getEnvelope().getEventId(), route.model());
    settle(task);
    run.changed(from, CODE_REVIEW, step, what + "; " + route.reason(), route.model());
    run.emit(task.taskId(), request);
  }

  private String onCodeReview(Run run, ReviewCompleted review) {
    TaskProgress task = run.task;
    StepProgress step = task.step(review.getStepId());
    String stale = stepAnswerProblem(task, step, review.getStepId(), CODE_REVIEW, review.getAttempt(),
        review.getEnvelope(), review.getCommitSha());
    if (stale != null) {
      return stale;
    }
    step.stopped(CODE_REVIEW);
    spend(run, review.getUsage());
    Verdict verdict = ReviewPolicy.verdict(review);
    String reviewer = modelId(review.getReviewer());
    if (verdict == Verdict.APPROVED) {
      sendToGate(run, step, CODE_REVIEW, "code approved by " + reviewer + scores(review.getScores()));
      return null;
    }
    List<String> feedback = ReviewPolicy.codeFeedback(review);
    step.sentBack(verdict == Verdict.REJECTED, false, feedback);
    String issue = ReviewPolicy.issue(review, feedback);
    Optional<Escalation> escalation = escalations.codeReviewed(step.id(), verdict, step.codeRejections(),
        step.attemptsUsed(), task.spec().getBudget(), reviewer, issue);
    if (escalation.isPresent()) {
      escalate(run, escalation.get(), CODE_REVIEW, step);
      return null;
    }
    implement(run, step, feedback, CODE_REVIEW, "code review by " + reviewer
        + (verdict == Verdict.REJECTED ? " rejected it (" : " asked for changes (")
        + attemptOf(step, task.spec().getBudget()) + "): " + issue + "; retry "
        + nextAttemptOf(step, task.spec().getBudget()) + " with the reviewer's feedback");
    return null;
  }

  private void sendToGate(Run run, StepProgress step, TaskState from, String what) {
    TaskProgress task = run.task;
    GateRequested request = requests.gate(task, step, run.cause, run.now);
    step.atGate(request.getEnvelope().getEventId());
    settle(task);
    run.changed(from, QUALITY_GATE, step, what + "; quality gate at " + shortSha(step.change().getCommitSha()), null);
    run.emit(Topics.stepKey(task.taskId(), step.id()), request);
  }

  private String onGate(Run run, GateResult result) {
    TaskProgress task = run.task;
    StepProgress step = task.step(result.getStepId());
    String stale = stepAnswerProblem(task, step, result.getStepId(), QUALITY_GATE, result.getAttempt(),
        result.getEnvelope(), result.getCommitSha());
    if (stale != null) {
      return stale;
    }
    step.stopped(QUALITY_GATE);
    if (GatePolicy.passed(result)) {
      completeStep(run, step, QUALITY_GATE, "quality gate passed at " + shortSha(step.change().getCommitSha())
          + (result.getSummary() == null || result.getSummary().isBlank() ? "" : ": " + result.getSummary().strip()));
      return null;
    }
    List<String> feedback = GatePolicy.feedback(result);
    step.sentBack(false, true, feedback);
    String issue = GatePolicy.issue(result);
    Optional<Escalation> escalation = escalations.gateFailed(step.id(), GatePolicy.breakingChange(result),
        step.gateFailures(), step.attemptsUsed(), task.spec().getBudget(), issue);
    if (escalation.isPresent()) {
      escalate(run, escalation.get(), QUALITY_GATE, step);
      return null;
    }
    implement(run, step, feedback, QUALITY_GATE, "quality gate failed (" + attemptOf(step, task.spec().getBudget()) + "): "
        + issue + "; retry " + nextAttemptOf(step, task.spec().getBudget()) + " with the gate's findings");
    return null;
  }

  private void completeStep(Run run, StepProgress step, TaskState from, String why) {
    TaskProgress task = run.task;
    step.complete(false);
    CodeChange change = step.change();
    // The branch head moves when the step was built on it; a step built beside another (concurrency
    // above 1) is applied in integration order instead, which the head does not follow.
    if (change != null && (task.headSha() == null || task.headSha().equals(change.getBaseSha()))) {
      task.headSha(change.getCommitSha());
    }
    task.state(STEP_COMPLETE);
    run.changed(from, STEP_COMPLETE, step, why, null);
    schedule(run, STEP_COMPLETE);
  }

  private String onFailure(Run run, Failure failure) {
    TaskProgress task = run.task;
    String request = failure.getEnvelope().getCausationId();
    if (request == null) {
      return "it names no request it failed on";
    }
    String why = failure.getReason() + " (" + failure.getKind() + ")";
    if (request.equals(task.planAwaiting())) {
      TaskState stage = task.state();
      task.planAnswered();
      escalate(run, escalations.roleFailed(stage, null, failure.getRole(), why), stage, null);
      return null;
    }
    for (StepProgress step : task.steps()) {
      if (request.equals(step.awaiting())) {
        TaskState stage = step.phase();
        escalate(run, escalations.roleFailed(stage, step.id(), failure.getRole(), why), stage, step);
        return null;
      }
    }
    return "it failed on a request the task does not wait for";
  }

  // ---------------------------------------------------------------- people

  private void escalate(Run run, Escalation escalation, TaskState from, StepProgress step) {
    TaskProgress task = run.task;
    if (step != null) {
      step.stopped(escalation.stage());
    } else if (escalation.trigger() != EscalationTrigger.TIME_LIMIT) {
      task.planAnswered();
    }
    task.escalate(escalation, run.now);
    run.changed(from, AWAITING_HUMAN_REVIEW, step, escalation.reason(), null, escalation.options());
  }

  private String decide(Run run, HumanDecision decision) {
    TaskProgress task = run.task;
    Escalation escalation = task.escalation();
    DecisionKind kind = decision.getDecision();
    if (kind == null || kind == DecisionKind.UNKNOWN) {
      return "the decision is not one this coordinator knows";
    }
    if (decision.getStepId() != null && !decision.getStepId().equals(escalation.stepId())) {
      return "it decides about step " + decision.getStepId() + ", but the task waits for a decision about "
          + (escalation.stepId() == null ? "the task" : "step " + escalation.stepId());
    }
    if (!escalation.offers(kind)) {
      return kind + " is not an option for " + escalation.trigger() + " (the options are " + escalation.options() + ")";
    }
    String by = " by " + decision.getDecidedBy() + comment(decision.getComment());
    StepProgress step = task.step(escalation.stepId());
    if (kind == DecisionKind.REJECT) {
      task.releaseHeld();
      task.escalationAnswered();
      task.state(FAILED);
      run.changed(AWAITING_HUMAN_REVIEW, FAILED, step, "aborted" + by, null);
      return null;
    }
    if (kind == DecisionKind.EDIT) {
      String invalid = edit(run, decision, escalation, by);
      if (invalid != null) {
        return invalid;
      }
      replay(run);
      return null;
    }
    goOn(run, escalation);
    switch (kind) {
      case APPROVE -> approve(run, escalation, step, by);
      case RETRY -> retry(run, escalation, step, decision.getComment(), by);
      case SKIP_STEP -> {
        step.complete(true);
        task.state(STEP_COMPLETE);
        run.changed(AWAITING_HUMAN_REVIEW, STEP_COMPLETE, step, "step " + step.id() + " skipped" + by, null);
        schedule(run, STEP_COMPLETE);
      }
      default -> throw new IllegalStateException("unreachable: " + kind);
    }
    replay(run);
    return null;
  }

  /** The task leaves AWAITING_HUMAN_REVIEW: waiting did not count against its time, and over time it gets a new limit. */
  private void goOn(Run run, Escalation escalation) {
    TaskProgress task = run.task;
    task.escalationAnswered();
    task.resume(escalation.stage(), run.now);
    if (escalation.trigger() == EscalationTrigger.TIME_LIMIT) {
      task.deadline(budgets.deadline(task.spec().getBudget(), run.now));
    }
  }

  private void approve(Run run, Escalation escalation, StepProgress step, String by) {
    TaskProgress task = run.task;
    if (escalation.trigger() == EscalationTrigger.TIME_LIMIT) {
      task.state(escalation.stage());
      run.changed(AWAITING_HUMAN_REVIEW, escalation.stage(), null, "the task goes on past its time limit" + by
          + "; new limit " + budgets.timeLimit(task.spec().getBudget()).map(BudgetPolicy::human).orElse("none"), null);
      return;
    }
    switch (escalation.stage()) {
      case PLAN_REVIEW -> acceptPlan(run, AWAITING_HUMAN_REVIEW, "plan v" + task.planVersion() + " approved" + by);
      case CODE_REVIEW -> sendToGate(run, step, AWAITING_HUMAN_REVIEW, "code of step " + step.id() + " approved" + by);
      case QUALITY_GATE -> completeStep(run, step, AWAITING_HUMAN_REVIEW, "step " + step.id() + " accepted" + by
          + " (" + escalation.trigger() + ")");
      default -> throw new IllegalStateException("APPROVE is not offered for " + escalation.stage());
    }
  }

  private void retry(Run run, Escalation escalation, StepProgress step, String comment, String by) {
    TaskProgress task = run.task;
    TaskState stage = escalation.trigger().retryFrom(escalation.stage());
    switch (stage) {
      case PLANNING -> {
        task.newPlanRound();
        requestPlan(run, Feedback.withComment(comment, task.planFeedback()), AWAITING_HUMAN_REVIEW,
            "planning again" + by);
      }
      case PLAN_REVIEW -> requestPlanReview(run, AWAITING_HUMAN_REVIEW, "plan review again" + by);
      case IMPLEMENTING -> {
        step.newRound(Feedback.withComment(comment, step.feedback()));
        implement(run, step, step.feedback(), AWAITING_HUMAN_REVIEW, "step " + step.id() + " again" + by
            + ", attempt 1 of " + budgets.maxAttempts(task.spec().getBudget()) + " of a new round");
      }
      case CODE_REVIEW -> requestCodeReview(run, step, AWAITING_HUMAN_REVIEW, "code review of step " + step.id()
          + " again" + by);
      case QUALITY_GATE -> sendToGate(run, step, AWAITING_HUMAN_REVIEW, "quality gate of step " + step.id() + " again"
          + by);
      default -> throw new IllegalStateException("RETRY is not offered for " + escalation.trigger());
    }
  }

  /**
   * A person's plan replaces the current one (no model reviews it: the person is the reviewer).
   * Steps the new plan keeps by id keep their progress — done stays done, running goes on —
   * except the step the task stopped on, which starts afresh as the person wrote it.
   */
  private String edit(Run run, HumanDecision decision, Escalation escalation, String by) {
    TaskProgress task = run.task;
    if (decision.getEditedPlan() == null) {
      return "EDIT needs the edited plan (editedPlan)";
    }
    Plan plan = Plan.newBuilder(decision.getEditedPlan()).setPlanVersion(task.planVersion() + 1).build();
    PlanCheck check = StepScheduler.check(plan);
    if (!check.valid()) {
      return "the edited plan cannot be scheduled: " + check.summary();
    }
    goOn(run, escalation);
    Map<String, StepProgress> steps = new LinkedHashMap<>();
    int kept = 0;
    for (PlanStep definition : plan.getSteps()) {
      StepProgress old = task.step(definition.getId());
      if (old != null && !definition.getId().equals(escalation.stepId()) && (old.done() || old.running())) {
        old.redefine(definition);
        steps.put(definition.getId(), old);
        kept++;
      } else {
        steps.put(definition.getId(), new StepProgress(definition));
      }
    }
    task.plan(plan, check.scheduler());
    task.steps(steps);
    task.state(PLANNED);
    run.changed(AWAITING_HUMAN_REVIEW, PLANNED, null, "plan v" + plan.getPlanVersion() + " (" + steps.size()
        + " steps) written" + by + (kept == 0 ? "" : "; " + kept + " steps keep their progress"), null);
    schedule(run, PLANNED);
    return null;
  }

  // ---------------------------------------------------------------- control

  private String pause(Run run, ControlCommand command) {
    TaskState from = run.task.state();
    run.task.pause(run.now);
    run.changed(from, PAUSED, null, "paused by " + command.getIssuedBy() + comment(command.getReason()), null);
    return null;
  }

  /**
   * A result that would take the task over its budget is held, not applied, and the task pauses:
   * nothing more is asked of a model until a person resumes it with a budget that covers it. Its
   * usage is counted when it is applied, so it is counted once.
   */
  private String pauseOverBudget(Run run, TaskEvent event, String over) {
    TaskState from = run.task.state();
    run.task.pause(run.now);
    String invalid = holdIfValid(run, event, from);
    if (invalid != null) {
      return invalid;
    }
    run.changed(from, PAUSED, null, over + "; paused with its work kept: resume it with a larger budget ("
        + resumeHint(run.task, run.spentToday + paid(event.usage())) + ")", null);
    return null;
  }

  private String resumeHint(TaskProgress task, double spentToday) {
    if (budgets.overDaily(spentToday).isPresent()) {
      return "the daily limit is the coordinator's (orkestra.coordinator.task.max.cost.per.day.usd): resume it"
          + " tomorrow (UTC), or raise the limit and restart the coordinator, then `orkestra resume " + task.taskId()
          + "`";
    }
    return budgets.overTokens(task.usage().plus(heldUsage(task)))
        ? "the token limit is the coordinator's: raise it, restart the coordinator, then `orkestra resume "
            + task.taskId() + "`"
        : "`orkestra resume " + task.taskId() + " --max-cost USD`";
  }

  private static List<ModelUsage> heldUsage(TaskProgress task) {
    List<ModelUsage> usage = new ArrayList<>();
    task.held().forEach(event -> usage.addAll(event.usage()));
    return usage;
  }

  private String resume(Run run, ControlCommand command) {
    if (command.getBudget() != null) {
      run.task.raiseLimits(command.getBudget());
    }
    Optional<String> still = budgets.overspent(run.task.spec().getBudget(),
        run.task.usage().plus(heldUsage(run.task))).or(() -> budgets.overDaily(run.spentToday));
    if (still.isPresent()) {
      return "still over budget with the results held while it was paused: " + still.get() + " ("
          + resumeHint(run.task, run.spentToday) + ")";
    }
    TaskState to = run.task.pausedFrom();
    run.task.resume(to, run.now);
    run.changed(PAUSED, to, null, "resumed by " + command.getIssuedBy() + comment(command.getReason()), null);
    replay(run);
    return null;
  }

  private String stop(Run run, ControlCommand command) {
    TaskState from = run.task.state();
    run.task.releaseHeld();
    run.task.escalationAnswered();
    run.task.state(STOPPED);
    run.changed(from, STOPPED, null, "stopped by " + command.getIssuedBy() + comment(command.getReason()), null);
    return null;
  }

  /** The results held while the task waited, applied in arrival order; one that no longer fits is dropped. */
  private void replay(Run run) {
    for (TaskEvent event : run.task.releaseHeld()) {
      // Held results were counted in today's spend when they arrived: not counted again.
      TaskTransition applied = handle(run.task, event, run.now, run.spentToday - paid(event.usage()));
      if (!applied.rejected()) {
        run.task = applied.progress();
        run.out.addAll(applied.commands());
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  /** What a result's model calls cost this time (replayed calls were paid once, before). */
  private static double paid(List<ModelUsage> usage) {
    double sum = 0;
    for (ModelUsage each : usage) {
      if (!each.getReplayed() && Double.isFinite(each.getCostUsd())) {
        sum += Math.max(0, each.getCostUsd());
      }
    }
    return sum;
  }

  /** Counts a result's usage (one that would go over the budget was held before it came here). */
  private static void spend(Run run, List<ModelUsage> usage) {
    run.task.usage(run.task.usage().plus(usage));
  }

  /** While steps run, the task is in the least advanced state among them. */
  private static void settle(TaskProgress task) {
    TaskState running = task.runningState();
    if (running != null) {
      task.state(running);
    }
  }

  private static String planAnswerProblem(TaskProgress task, int attempt, Envelope envelope, String what) {
    if (task.planAwaiting() == null) {
      return "the task waits for no " + what;
    }
    if (attempt != task.planAttempt()) {
      return "it answers plan attempt " + attempt + ", the task is at attempt " + task.planAttempt();
    }
    if (!answers(envelope, task.planAwaiting())) {
      return "it answers another request than the " + what + " request the task waits for";
    }
    return null;
  }

  /** @param commitSha the commit a review or gate result is about; null for a change (it makes one) */
  private static String stepAnswerProblem(TaskProgress task, StepProgress step, String stepId, TaskState phase,
      int attempt, Envelope envelope, String commitSha) {
    if (step == null) {
      return "plan v" + task.planVersion() + " has no step " + stepId;
    }
    if (step.phase() != phase) {
      return "step " + stepId + " is in " + step.phase() + ", not " + phase;
    }
    if (step.awaiting() == null) {
      return "step " + stepId + " waits for no result";
    }
    if (attempt != step.attempt()) {
      return "it answers attempt " + attempt + ", step " + stepId + " is at attempt " + step.attempt();
    }
    if (!answers(envelope, step.awaiting())) {
      return "it answers another request than the one step " + stepId + " waits for";
    }
    if (commitSha != null && step.change() != null && !commitSha.equals(step.change().getCommitSha())) {
      return "it is about commit " + commitSha + ", step " + stepId + " is at " + step.change().getCommitSha();
    }
    return null;
  }

  /** A result names its request as causationId; one that names none is matched by attempt alone. */
  private static boolean answers(Envelope result, String requestId) {
    return result == null || result.getCausationId() == null || result.getCausationId().equals(requestId);
  }

  private static ControlAction action(ControlCommand command) {
    return command.getAction() == null ? ControlAction.UNKNOWN : command.getAction();
  }

  private static String rejection(TaskProgress task, TaskEvent event, String why) {
    String state = task == null ? "(no task)" : String.valueOf(task.state());
    String id = task != null ? task.taskId() : safely(() -> event.taskId(), null);
    String what = event == null ? "no event" : safely(event::describe, event.getClass().getSimpleName());
    return what + " rejected in state " + state + (id == null ? "" : " (task " + id + ")") + ": " + why;
  }

  private static String safely(Supplier<String> text, String otherwise) {
    try {
      return text.get();
    } catch (RuntimeException e) {
      return otherwise;
    }
  }

  private String attemptOf(StepProgress step, Budget budget) {
    return "attempt " + step.attemptsUsed() + " of " + budgets.maxAttempts(budget);
  }

  private String nextAttemptOf(StepProgress step, Budget budget) {
    return "attempt " + (step.attemptsUsed() + 1) + " of " + budgets.maxAttempts(budget);
  }

  private static String roundOf(int round, int max) {
    return "review round " + round + " of " + max;
  }

  private static String modelId(ModelRef model) {
    return model == null ? "an unnamed model" : model.getModelId();
  }

  private static String comment(String text) {
    return text == null || text.isBlank() ? "" : ": " + text.strip();
  }

  private static String shortSha(String sha) {
    return sha == null ? "(no commit)" : sha.length() > 7 ? sha.substring(0, 7) : sha;
  }

  private static String describe(CodeChange change) {
    var stat = change.getDiffStat();
    return shortSha(change.getCommitSha()) + (stat == null ? "" : " (+" + stat.getInsertions() + "/-"
        + stat.getDeletions() + " in " + stat.getFilesChanged() + (stat.getFilesChanged() == 1 ? " file)" : " files)"));
  }

  private static String scores(ReviewScores scores) {
    if (scores == null) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    add(parts, "completeness", scores.getCompleteness());
    add(parts, "feasibility", scores.getFeasibility());
    add(parts, "risk assessment", scores.getRiskAssessment());
    add(parts, "correctness", scores.getCorrectness());
    add(parts, "code quality", scores.getCodeQuality());
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }

  private static void add(List<String> parts, String name, Integer score) {
    if (score != null) {
      parts.add(name + " " + score);
    }
  }

  /** One event's work: the task copy it changes and the records it writes. */
  private final class Run {
    TaskProgress task;
    final Envelope cause;
    final long now;
    /** Spent today by every task, the current event not included (see {@link #on(TaskProgress, TaskEvent, long, double)}). */
    double spentToday;
    final List<TaskCommand> out = new ArrayList<>();

    Run(TaskProgress task, Envelope cause, long now) {
      this.task = task;
      this.cause = cause != null ? cause : task.lastCause();
      this.now = now;
      task.caused(cause);
    }

    void emit(String key, SpecificRecord value) {
      out.add(new TaskCommand(key, value));
    }

    void changed(TaskState from, TaskState to, StepProgress step, String reason, ModelRef assigned) {
      changed(from, to, step, reason, assigned, List.of());
    }

    void changed(TaskState from, TaskState to, StepProgress step, String reason, ModelRef assigned,
        List<DecisionKind> options) {
      emit(task.taskId(), requests.changed(task, from, to, step, reason, assigned, options, cause, now));
    }

    TaskTransition result() {
      return new TaskTransition(task, out, null);
    }
  }
}
