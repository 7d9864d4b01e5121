package dev.orkestra.coordinator.task;

import dev.orkestra.events.common.ModelRef;

/**
 * A routing decision: the model chosen and why, or — when no model may do the work — null and why
 * not. A task that gets no model waits for a person; it never falls back to one the table or the
 * diversity rule does not allow.
 *
 * @param reason one line like seed 002's routing log: "task RAE-001 / step S2: implementer=gemini-flash (rule 4: ...)"
 */
public record RouteDecision(TaskRole role, ModelRef model, String reason) {

  public static RouteDecision routed(TaskRole role, ModelRef model, String reason) {
    return new RouteDecision(role, model, reason);
  }

  public static RouteDecision none(TaskRole role, String reason) {
    return new RouteDecision(role, null, reason);
  }

  public boolean routed() {
    return model != null;
  }
}
