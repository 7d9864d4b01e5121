package dev.orkestra.coordinator.task;

import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.task.Complexity;
import dev.orkestra.events.task.PlanStep;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.StepType;
import dev.orkestra.events.task.TaskSpec;

/**
 * What routing looks at: the role, the risk and area of the task (planning, plan review) or of the
 * step (implementation, code review), the step's type and complexity, and for a reviewer the
 * author it must differ from.
 *
 * @param stepId  null for the planner and the plan reviewer
 * @param author  null for the planner and the implementer
 */
public record RouteRequest(
    TaskRole role,
    String taskId,
    String stepId,
    Risk risk,
    String area,
    StepType stepType,
    Complexity complexity,
    ModelRef author) {

  public static RouteRequest planner(TaskSpec task) {
    return new RouteRequest(TaskRole.PLANNER, task.getTaskId(), null, task.getRisk(), task.getArea(), null, null,
        null);
  }

  public static RouteRequest planReviewer(TaskSpec task, ModelRef planner) {
    return new RouteRequest(TaskRole.PLAN_REVIEWER, task.getTaskId(), null, task.getRisk(), task.getArea(), null,
        null, planner);
  }

  public static RouteRequest implementer(TaskSpec task, PlanStep step) {
    return forStep(TaskRole.IMPLEMENTER, task, step, null);
  }

  public static RouteRequest codeReviewer(TaskSpec task, PlanStep step, ModelRef implementer) {
    return forStep(TaskRole.CODE_REVIEWER, task, step, implementer);
  }

  // A step is routed by its own risk, and by its own area where the planner gave one ("tests" in a
  // "core" task): that is what the code it writes is about.
  private static RouteRequest forStep(TaskRole role, TaskSpec task, PlanStep step, ModelRef author) {
    String area = step.getArea() == null || step.getArea().isBlank() ? task.getArea() : step.getArea();
    return new RouteRequest(role, task.getTaskId(), step.getId(), step.getRisk(), area, step.getType(),
        step.getComplexity(), author);
  }

  /** "task RAE-001" or "task RAE-001 / step S2", as the seed's routing log lines begin. */
  public String subject() {
    return stepId == null ? "task " + taskId : "task " + taskId + " / step " + stepId;
  }
}
