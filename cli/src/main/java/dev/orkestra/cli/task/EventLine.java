package dev.orkestra.cli.task;

import dev.orkestra.events.task.DecisionKind;
import dev.orkestra.events.task.TaskState;
import dev.orkestra.events.task.TaskStateChanged;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One task event as {@code orkestra watch} prints it: a line in the shape of seed 002's log
 * ({@code [PLANNER] …}, {@code [STEP S3] Implementer: claude-sonnet …}, {@code [ORCHESTRATOR] …}),
 * or, for {@code --json}, the fields of a documented object (docs/tasks.md, "Watching").
 */
public final class EventLine {

  private EventLine() {}

  /** e.g. {@code 2026-12-01T09:00:03Z [STEP S3] Implementer: claude-sonnet — IMPLEMENTING, attempt 2: … (steps 2/12, $0.0123)}. */
  public static String text(TaskStateChanged event) {
    String who = "[" + label(event) + "]" + role(event);
    String what = TaskEvents.isNotice(event)
        ? "notice, still " + event.getToState()
        : event.getToState() + (event.getAttempt() > 0 ? ", attempt " + event.getAttempt() : "");
    return String.format(Locale.ROOT, "%s %s — %s: %s (steps %d/%d, $%.4f)", event.getEnvelope().getOccurredAt(), who,
        what, event.getReason(), event.getStepsCompleted(), event.getStepsTotal(), event.getCumulativeCostUsd());
  }

  /** Seed 002's bracket: which part of the pipeline the event is about; a notice is the coordinator's own. */
  static String label(TaskStateChanged event) {
    TaskState state = event.getToState();
    if (TaskEvents.isNotice(event)) {
      return "ORCHESTRATOR";
    }
    if (event.getStepId() != null && !TaskEvents.FINISHED.contains(state) && state != TaskState.PAUSED) {
      return "STEP " + event.getStepId();
    }
    return switch (state) {
      case PLANNING -> "PLANNER";
      case PLAN_REVIEW -> "PLAN-REVIEWER";
      case AWAITING_HUMAN_REVIEW -> "HUMAN REVIEW";
      default -> "ORCHESTRATOR";
    };
  }

  /** Seed 002's " Implementer: Claude Sonnet": the role at work in the new state and its model, when there is one. */
  private static String role(TaskStateChanged event) {
    String role = switch (event.getToState()) {
      case IMPLEMENTING -> "Implementer";
      case CODE_REVIEW -> "Code-Reviewer";
      case QUALITY_GATE -> "Quality gate";
      case PLANNING, PLAN_REVIEW -> "";
      default -> null;
    };
    if (role == null || TaskEvents.isNotice(event)) {
      return "";
    }
    String model = event.getAssignedModel() == null ? null : event.getAssignedModel().getModelId();
    if (role.isEmpty()) {
      return model == null ? "" : " " + model;
    }
    return " " + role + (model == null ? "" : ": " + model);
  }

  /** The {@code --json} object: a stable set of keys, null where the event has no value. */
  public static Map<String, Object> json(TaskStateChanged event) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("time", event.getEnvelope().getOccurredAt().toString());
    json.put("taskId", event.getTaskId());
    json.put("kind", TaskEvents.isNotice(event) ? "notice" : "transition");
    json.put("from", event.getFromState() == null ? null : event.getFromState().name());
    json.put("to", event.getToState().name());
    json.put("stepId", event.getStepId());
    json.put("attempt", event.getAttempt());
    json.put("planVersion", event.getPlanVersion());
    json.put("stepsCompleted", event.getStepsCompleted());
    json.put("stepsTotal", event.getStepsTotal());
    json.put("costUsd", event.getCumulativeCostUsd());
    json.put("model", event.getAssignedModel() == null ? null : event.getAssignedModel().getModelId());
    json.put("branch", event.getBranch());
    json.put("headSha", event.getHeadSha());
    json.put("options", options(event.getOptions()));
    json.put("reason", event.getReason());
    json.put("eventId", event.getEnvelope().getEventId());
    json.put("causationId", event.getEnvelope().getCausationId());
    return json;
  }

  private static List<String> options(List<DecisionKind> options) {
    return options.stream().map(DecisionKind::name).toList();
  }
}
