package dev.orkestra.cli.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.events.task.Complexity;
import dev.orkestra.events.task.Plan;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.StepType;
import org.junit.jupiter.api.Test;

class PlanFileTest {

  @Test
  void readsSeed002sPlannerOutputAsJsonAndAsYaml() {
    Plan json = PlanFile.parse("plan.json", """
        {"task_id": "RAE-001", "plan_version": 1, "steps": [
          {"id": "S1", "type": "analysis", "description": "Read search/", "risk": "medium",
           "estimated_complexity": "medium", "files_to_read": ["rae-core/search/*"]},
          {"id": "S2", "type": "implementation", "description": "HybridSearchEngine", "risk": "high",
           "estimated_complexity": "large", "depends_on": ["S1"], "tests_required": true, "coverage_target": "90%"}],
         "estimated_duration": "4-6 hours", "rollback_strategy": "branch"}
        """);
    Plan yaml = PlanFile.parse("plan.yaml", """
        steps:
          - id: S1
            type: docs
            description: Update README
            risk: low
        """);

    assertThat(json.getSteps()).hasSize(2);
    assertThat(json.getSteps().get(1).getType()).isEqualTo(StepType.IMPLEMENTATION);
    assertThat(json.getSteps().get(1).getComplexity()).isEqualTo(Complexity.LARGE);
    assertThat(json.getSteps().get(1).getDependsOn()).containsExactly("S1");
    assertThat(json.getSteps().get(1).getCoverageTarget()).isEqualTo(90.0);
    assertThat(json.getSteps().get(1).getTestsRequired()).isTrue();
    assertThat(json.getEstimatedDuration()).isEqualTo("4-6 hours");
    assertThat(yaml.getSteps().getFirst().getRisk()).isEqualTo(Risk.LOW);
  }

  @Test
  void everyProblemIsNamedByItsField() {
    assertThatThrownBy(() -> PlanFile.parse("plan.yaml", """
        steps:
          - id: S1
            type: coding
            risk: urgent
            descripton: typo
            coverage_target: lots
        """)).isInstanceOf(TaskFileException.class)
        .satisfies(e -> assertThat(((TaskFileException) e).problems()).containsExactlyInAnyOrder(
            "plan.yaml: steps[0].descripton: unknown key (known: area, commands, coverage_target, depends_on, "
                + "description, estimated_complexity, files_to_create, files_to_modify, files_to_read, id, risk, "
                + "tests_required, type, verification_criteria)",
            "plan.yaml: steps[0].type: 'coding' is not one of analysis, implementation, testing, validation, docs, "
                + "comments, simple_refactor, other",
            "plan.yaml: steps[0].description: missing",
            "plan.yaml: steps[0].risk: 'urgent' is not one of low, medium, high",
            "plan.yaml: steps[0].coverage_target: 'lots' is not a percentage from 0 to 100 (e.g. 90%)"));
    assertThatThrownBy(() -> PlanFile.parse("plan.json", "{\"steps\": []}"))
        .hasMessage("plan.json: steps: must be a non-empty list of steps");
    assertThatThrownBy(() -> PlanFile.parse("plan.json", "{\"steps\": [")).hasMessageStartingWith(
        "plan.json: not valid JSON or YAML");
  }
}
