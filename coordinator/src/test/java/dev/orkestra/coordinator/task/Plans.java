package dev.orkestra.coordinator.task;

import dev.orkestra.events.task.Plan;
import dev.orkestra.events.task.PlanStep;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.StepType;
import java.util.Arrays;
import java.util.List;

/** Plans for tests: steps written as "S2<S1,S3" (S2 depends on S1 and S3). */
final class Plans {

  private Plans() {}

  static PlanStep step(String id, String... dependsOn) {
    return PlanStep.newBuilder()
        .setId(id)
        .setType(StepType.IMPLEMENTATION)
        .setDescription("do " + id)
        .setRisk(Risk.MEDIUM)
        .setDependsOn(Arrays.asList(dependsOn))
        .build();
  }

  static Plan plan(int version, PlanStep... steps) {
    return Plan.newBuilder().setPlanVersion(version).setSteps(List.of(steps)).build();
  }

  /** {@code plan("S1", "S2<S1", "S3<S1,S2")}. */
  static Plan plan(String... specs) {
    PlanStep[] steps = new PlanStep[specs.length];
    for (int i = 0; i < specs.length; i++) {
      String[] parts = specs[i].split("<", 2);
      steps[i] = step(parts[0], parts.length == 1 ? new String[0] : parts[1].split(","));
    }
    return plan(1, steps);
  }
}
