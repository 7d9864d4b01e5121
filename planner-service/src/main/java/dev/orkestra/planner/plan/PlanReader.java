package dev.orkestra.planner.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orkestra.events.task.Plan;
import dev.orkestra.events.task.PlanStep;
import dev.orkestra.events.task.Risk;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 002's plan JSON (also seed 004's {@code phases}) onto the contract's {@link Plan}. Field
 * names in any spelling; a plan wrapped in {@code {"plan": {...}}} is unwrapped; the model's
 * {@code task_id} and {@code plan_version} are not taken (the request says which task, the
 * coordinator numbers plans). What cannot be read into a step — no id, no description — is a
 * problem naming the step; what can be defaulted is defaulted ({@link StepVocabulary}).
 */
public final class PlanReader {

  /** More steps than this is a runaway reply, not a plan a person could review. */
  public static final int MAX_STEPS = 60;

  /** The plan read, and the problems that keep parts of it from being read. */
  public record Parsed(Plan plan, List<String> problems) {}

  private PlanReader() {}

  /**
   * @param taskRisk the risk of a step that names none
   */
  public static Parsed read(JsonNode json, int planVersion, Risk taskRisk) {
    JsonNode plan = json;
    if (!JsonFields.present(stepsOf(plan)) && JsonFields.field(json, "plan").isObject()) {
      plan = JsonFields.field(json, "plan");
    }
    List<String> problems = new ArrayList<>();
    JsonNode stepsNode = stepsOf(plan);
    List<PlanStep> steps = new ArrayList<>();
    if (!stepsNode.isArray()) {
      problems.add(JsonFields.present(stepsNode) ? "\"steps\" must be an array of step objects"
          : "the plan has no \"steps\" array");
    } else if (stepsNode.size() > MAX_STEPS) {
      problems.add("the plan has " + stepsNode.size() + " steps, more than the " + MAX_STEPS
          + " a plan may have; merge steps");
    } else {
      for (int i = 0; i < stepsNode.size(); i++) {
        steps.add(step(stepsNode.get(i), i + 1, taskRisk, problems));
      }
    }
    Plan read = Plan.newBuilder()
        .setPlanVersion(planVersion)
        .setSteps(steps)
        .setEstimatedDuration(JsonFields.text(JsonFields.field(plan, "estimated_duration", "duration")))
        .setDependencies(JsonFields.texts(JsonFields.field(plan, "dependencies")))
        .setRollbackStrategy(JsonFields.text(JsonFields.field(plan, "rollback_strategy", "rollback")))
        .setSummary(JsonFields.text(JsonFields.field(plan, "summary")))
        .build();
    return new Parsed(read, List.copyOf(problems));
  }

  private static JsonNode stepsOf(JsonNode plan) {
    return JsonFields.field(plan, "steps", "phases");
  }

  private static PlanStep step(JsonNode step, int position, Risk taskRisk, List<String> problems) {
    if (!step.isObject()) {
      problems.add("step " + position + " is not an object");
      return emptyStep(position, taskRisk);
    }
    String id = JsonFields.text(JsonFields.field(step, "id", "step_id"));
    String name = id == null ? "step " + position : "step " + id;
    if (id == null) {
      problems.add("step " + position + " has no \"id\"");
    }
    String description = JsonFields.text(JsonFields.field(step, "description", "name", "title"));
    if (description == null) {
      problems.add(name + " has no \"description\"");
    }
    Double coverage = JsonFields.number(JsonFields.field(step, "coverage_target"));
    Boolean tests = JsonFields.bool(JsonFields.field(step, "tests_required"));
    return PlanStep.newBuilder()
        .setId(id == null ? "" : id)
        .setType(StepVocabulary.type(JsonFields.text(JsonFields.field(step, "type", "kind"))))
        .setDescription(description == null ? "" : description)
        .setRisk(StepVocabulary.risk(JsonFields.text(JsonFields.field(step, "risk", "risk_level")), taskRisk))
        .setComplexity(StepVocabulary.complexity(
            JsonFields.text(JsonFields.field(step, "estimated_complexity", "complexity"))))
        .setArea(JsonFields.text(JsonFields.field(step, "area")))
        // Inside a step, seed 004's "dependencies" are other steps (the plan-level field is other tasks).
        .setDependsOn(JsonFields.texts(JsonFields.field(step, "depends_on", "dependencies", "after")))
        .setFilesToRead(JsonFields.texts(JsonFields.field(step, "files_to_read")))
        .setFilesToCreate(JsonFields.texts(JsonFields.field(step, "files_to_create")))
        .setFilesToModify(JsonFields.texts(JsonFields.field(step, "files_to_modify", "files_to_change")))
        .setTestsRequired(tests != null ? tests : coverage != null)
        .setCoverageTarget(coverage)
        .setCommands(JsonFields.texts(JsonFields.field(step, "commands")))
        .setVerificationCriteria(JsonFields.texts(JsonFields.field(step, "verification_criteria", "acceptance_criteria")))
        .build();
  }

  private static PlanStep emptyStep(int position, Risk taskRisk) {
    return PlanStep.newBuilder().setId("").setType(StepVocabulary.type(null)).setDescription("")
        .setRisk(taskRisk).build();
  }
}
