package dev.orkestra.planner.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orkestra.events.task.Plan;
import dev.orkestra.events.task.PlanStep;
import java.util.List;
import java.util.Locale;

/**
 * A contract {@link Plan} as seed 002's plan JSON (snake_case, lower-case enum words): how a plan is
 * shown to a model — the previous plan to the planner, the plan under review to the reviewer — in
 * the same shape the planner was asked to write. Empty lists and absent values are left out.
 */
public final class PlanWriter {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PlanWriter() {}

  public static String json(String taskId, Plan plan) {
    ObjectNode root = JSON.createObjectNode();
    root.put("task_id", taskId);
    root.put("plan_version", plan.getPlanVersion());
    var steps = root.putArray("steps");
    for (PlanStep step : plan.getSteps()) {
      steps.add(step(step));
    }
    putIfSet(root, "estimated_duration", plan.getEstimatedDuration());
    putList(root, "dependencies", plan.getDependencies());
    putIfSet(root, "rollback_strategy", plan.getRollbackStrategy());
    putIfSet(root, "summary", plan.getSummary());
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a plan of plain texts cannot fail to render", e);
    }
  }

  /** One step in the same shape, for a review of the step's code. */
  public static String stepJson(PlanStep step) {
    try {
      return JSON.writeValueAsString(step(step));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a step of plain texts cannot fail to render", e);
    }
  }

  private static ObjectNode step(PlanStep step) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", step.getId());
    node.put("type", word(step.getType()));
    node.put("description", step.getDescription());
    node.put("risk", word(step.getRisk()));
    node.put("estimated_complexity", word(step.getComplexity()));
    putIfSet(node, "area", step.getArea());
    putList(node, "depends_on", step.getDependsOn());
    putList(node, "files_to_read", step.getFilesToRead());
    putList(node, "files_to_create", step.getFilesToCreate());
    putList(node, "files_to_modify", step.getFilesToModify());
    node.put("tests_required", step.getTestsRequired());
    if (step.getCoverageTarget() != null) {
      node.put("coverage_target", step.getCoverageTarget());
    }
    putList(node, "commands", step.getCommands());
    putList(node, "verification_criteria", step.getVerificationCriteria());
    return node;
  }

  private static String word(Enum<?> value) {
    return value == null ? null : value.name().toLowerCase(Locale.ROOT);
  }

  private static void putIfSet(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  private static void putList(ObjectNode node, String field, List<String> values) {
    if (values != null && !values.isEmpty()) {
      var array = node.putArray(field);
      values.forEach(array::add);
    }
  }
}
