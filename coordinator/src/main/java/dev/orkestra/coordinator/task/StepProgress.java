package dev.orkestra.coordinator.task;

import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.task.CodeChange;
import dev.orkestra.events.task.PlanStep;
import dev.orkestra.events.task.TaskState;
import java.util.List;

/**
 * One plan step's sub-state: its phase (PLANNED until it starts, then IMPLEMENTING, CODE_REVIEW,
 * QUALITY_GATE, STEP_COMPLETE), the attempt and what the current round of attempts has seen, who
 * wrote and reviews it, its latest change, the feedback for its next attempt, and the request it
 * waits on. A round starts with the step and again with a person's RETRY: the seed's limits
 * ("3 attempts", "rejected 3 times") count within a round, so a person who asks for another try
 * gets a full round.
 */
public final class StepProgress {

  private PlanStep step;
  private TaskState phase = TaskState.PLANNED;
  private boolean skipped;
  private int attempt;
  private int roundStart = 1;
  private int codeRejections;
  private int gateFailures;
  private String awaiting;
  private ModelRef implementer;
  private ModelRef reviewer;
  private CodeChange change;
  private String explanation;
  private List<String> feedback = List.of();

  StepProgress(PlanStep step) {
    this.step = step;
  }

  StepProgress copy() {
    StepProgress copy = new StepProgress(step);
    copy.phase = phase;
    copy.skipped = skipped;
    copy.attempt = attempt;
    copy.roundStart = roundStart;
    copy.codeRejections = codeRejections;
    copy.gateFailures = gateFailures;
    copy.awaiting = awaiting;
    copy.implementer = implementer;
    copy.reviewer = reviewer;
    copy.change = change;
    copy.explanation = explanation;
    copy.feedback = feedback;
    return copy;
  }

  public String id() {
    return step.getId();
  }

  public PlanStep step() {
    return step;
  }

  public TaskState phase() {
    return phase;
  }

  /** Complete, by the gate, by a person's approval, or skipped. */
  public boolean done() {
    return phase == TaskState.STEP_COMPLETE;
  }

  public boolean skipped() {
    return skipped;
  }

  /** Implementing, in review or at the gate (also while its task waits for a person). */
  public boolean running() {
    return phase == TaskState.IMPLEMENTING || phase == TaskState.CODE_REVIEW || phase == TaskState.QUALITY_GATE;
  }

  public int attempt() {
    return attempt;
  }

  /** Attempts of the current round, the running one included. */
  public int attemptsUsed() {
    return attempt - roundStart + 1;
  }

  /** The first attempt of the current round. */
  int roundStart() {
    return roundStart;
  }

  public int codeRejections() {
    return codeRejections;
  }

  public int gateFailures() {
    return gateFailures;
  }

  /** eventId of the request whose answer the step waits for; null when it waits for none. */
  public String awaiting() {
    return awaiting;
  }

  public ModelRef implementer() {
    return implementer;
  }

  public ModelRef reviewer() {
    return reviewer;
  }

  public CodeChange change() {
    return change;
  }

  public String explanation() {
    return explanation;
  }

  public List<String> feedback() {
    return feedback;
  }

  // ---- changes, made by the state machine on its own copy

  /** Sets every field to what a stored step held ({@link TaskProgressStates}). */
  void restore(TaskState phase, boolean skipped, int attempt, int roundStart, int codeRejections, int gateFailures,
      String awaiting, ModelRef implementer, ModelRef reviewer, CodeChange change, String explanation,
      List<String> feedback) {
    this.phase = phase;
    this.skipped = skipped;
    this.attempt = attempt;
    this.roundStart = roundStart;
    this.codeRejections = codeRejections;
    this.gateFailures = gateFailures;
    this.awaiting = awaiting;
    this.implementer = implementer;
    this.reviewer = reviewer;
    this.change = change;
    this.explanation = explanation;
    this.feedback = List.copyOf(feedback);
  }

  void redefine(PlanStep newDefinition) {
    this.step = newDefinition;
  }

  void implementing(String requestId, ModelRef model) {
    attempt++;
    phase = TaskState.IMPLEMENTING;
    awaiting = requestId;
    implementer = model;
    reviewer = null;
    change = null;
    explanation = null;
  }

  void proposed(CodeChange value, String text, ModelRef author) {
    change = value;
    explanation = text;
    implementer = author;
    awaiting = null;
  }

  void inReview(String requestId, ModelRef model) {
    phase = TaskState.CODE_REVIEW;
    awaiting = requestId;
    reviewer = model;
  }

  void atGate(String requestId) {
    phase = TaskState.QUALITY_GATE;
    awaiting = requestId;
  }

  /** The step stopped in {@code stage} (it waits for a person, or its result came in). */
  void stopped(TaskState stage) {
    phase = stage;
    awaiting = null;
  }

  void sentBack(boolean rejected, boolean gate, List<String> next) {
    if (rejected) {
      codeRejections++;
    }
    if (gate) {
      gateFailures++;
    }
    feedback = List.copyOf(next);
    awaiting = null;
  }

  /** A person asked for another round: the limits count again from the next attempt. */
  void newRound(List<String> next) {
    roundStart = attempt + 1;
    codeRejections = 0;
    gateFailures = 0;
    feedback = List.copyOf(next);
  }

  void complete(boolean wasSkipped) {
    phase = TaskState.STEP_COMPLETE;
    skipped = wasSkipped;
    awaiting = null;
  }
}
