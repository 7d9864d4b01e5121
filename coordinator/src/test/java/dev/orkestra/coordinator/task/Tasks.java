package dev.orkestra.coordinator.task;

import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.task.Budget;
import dev.orkestra.events.task.Complexity;
import dev.orkestra.events.task.PlanStep;
import dev.orkestra.events.task.QualityPolicy;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.StepType;
import dev.orkestra.events.task.TaskSpec;

/** Task specs and steps for tests. */
final class Tasks {

  static final String BASE_SHA = "b".repeat(40);

  private Tasks() {}

  static TaskSpec.Builder spec(String taskId, Risk risk, String area) {
    return TaskSpec.newBuilder()
        .setTaskId(taskId)
        .setGoal("goal of " + taskId)
        .setRisk(risk)
        .setArea(area)
        .setRepo(RepoRef.newBuilder().setRepo("acme/widgets").setRef("main").setCommitSha(BASE_SHA).build())
        .setBudget(Budget.newBuilder().build())
        .setQuality(QualityPolicy.newBuilder().build());
  }

  static TaskSpec task(Risk risk, String area) {
    return spec("T-1", risk, area).build();
  }

  static PlanStep step(String id, StepType type, Risk risk, Complexity complexity, String area) {
    return PlanStep.newBuilder()
        .setId(id)
        .setType(type)
        .setDescription("step " + id)
        .setRisk(risk)
        .setComplexity(complexity)
        .setArea(area)
        .build();
  }
}
