package dev.orkestra.cli.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.orkestra.events.task.Complexity;
import dev.orkestra.events.task.Plan;
import dev.orkestra.events.task.PlanStep;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.StepType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A plan a person wrote for {@code orkestra review TASK --edit PLAN.json|yaml}, in seed 002's
 * planner output shape ({@code steps: [{id, type, description, risk, estimated_complexity,
 * files_to_read, files_to_create, …}], estimated_duration, dependencies, rollback_strategy}) plus
 * {@code depends_on}, {@code area}, {@code files_to_modify} and {@code verification_criteria} per
 * step. JSON is YAML, so one reader takes both. Every problem is collected ({@code field: what is
 * wrong}); unknown keys are problems, so a typo is not dropped. The coordinator numbers the plan and
 * checks that it can be scheduled (cycles, unknown dependencies): that check is not repeated here.
 */
public final class PlanFile {

  private static final int MAX_FILE_BYTES = 1 << 20;
  private static final Set<String> PLAN_KEYS = Set.of("task_id", "plan_version", "steps", "estimated_duration",
      "dependencies", "rollback_strategy", "summary");
  private static final Set<String> STEP_KEYS = Set.of("id", "type", "description", "risk", "estimated_complexity",
      "area", "depends_on", "files_to_read", "files_to_create", "files_to_modify", "tests_required",
      "coverage_target", "commands", "verification_criteria");

  private final List<String> problems = new ArrayList<>();

  private PlanFile() {}

  /** The plan in {@code file}; throws {@link TaskFileException} listing every problem. */
  public static Plan read(Path file) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new TaskFileException(List.of(file + ": larger than " + MAX_FILE_BYTES / 1024 + " KiB"));
      }
      return parse(file.toString(), Files.readString(file));
    } catch (IOException e) {
      throw new TaskFileException(List.of(file + ": cannot be read: " + e.getMessage()));
    }
  }

  static Plan parse(String name, String text) {
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new TaskFileException(List.of(name + ": not valid JSON or YAML: " + e.getOriginalMessage()));
    } catch (IOException e) {
      throw new TaskFileException(List.of(name + ": cannot be read: " + e.getMessage()));
    }
    PlanFile reader = new PlanFile();
    Plan plan = reader.plan(root);
    if (!reader.problems.isEmpty()) {
      throw new TaskFileException(reader.problems.stream().map(p -> name + ": " + p).toList());
    }
    return plan;
  }

  private Plan plan(JsonNode root) {
    if (root == null || !root.isObject()) {
      problems.add("expected a plan object with a 'steps' list (seed 002's planner output)");
      return null;
    }
    keys(root, "", PLAN_KEYS);
    List<PlanStep> steps = new ArrayList<>();
    JsonNode list = root.get("steps");
    if (list == null || !list.isArray() || list.isEmpty()) {
      problems.add("steps: must be a non-empty list of steps");
    } else {
      for (int i = 0; i < list.size(); i++) {
        steps.add(step(list.get(i), "steps[" + i + "]"));
      }
    }
    return Plan.newBuilder()
        .setPlanVersion(0)
        .setSteps(steps)
        .setEstimatedDuration(text(root, "estimated_duration", false))
        .setDependencies(strings(root.get("dependencies"), "dependencies"))
        .setRollbackStrategy(text(root, "rollback_strategy", false))
        .setSummary(text(root, "summary", false))
        .build();
  }

  private PlanStep step(JsonNode node, String at) {
    if (!node.isObject()) {
      problems.add(at + ": must be a step object");
      return null;
    }
    keys(node, at + ".", STEP_KEYS);
    PlanStep.Builder step = PlanStep.newBuilder()
        .setId(orEmpty(text(node, at, "id", true)))
        .setType(choice(node, at, "type", StepType.class, StepType.OTHER, true))
        .setDescription(orEmpty(text(node, at, "description", true)))
        .setRisk(choice(node, at, "risk", Risk.class, Risk.HIGH, true))
        .setComplexity(choice(node, at, "estimated_complexity", Complexity.class, Complexity.MEDIUM, false))
        .setArea(text(node, at, "area", false))
        .setDependsOn(strings(node.get("depends_on"), at + ".depends_on"))
        .setFilesToRead(strings(node.get("files_to_read"), at + ".files_to_read"))
        .setFilesToCreate(strings(node.get("files_to_create"), at + ".files_to_create"))
        .setFilesToModify(strings(node.get("files_to_modify"), at + ".files_to_modify"))
        .setCommands(strings(node.get("commands"), at + ".commands"))
        .setVerificationCriteria(strings(node.get("verification_criteria"), at + ".verification_criteria"));
    JsonNode tests = node.get("tests_required");
    if (tests != null && !tests.isBoolean()) {
      problems.add(at + ".tests_required: must be true or false");
    }
    step.setTestsRequired(tests != null && tests.asBoolean());
    step.setCoverageTarget(percent(node.get("coverage_target"), at + ".coverage_target"));
    return step.build();
  }

  private void keys(JsonNode node, String at, Set<String> allowed) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String key = names.next();
      if (!allowed.contains(key)) {
        problems.add(at + key + ": unknown key (known: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
      }
    }
  }

  private String text(JsonNode node, String key, boolean required) {
    return text(node, "", key, required);
  }

  private String text(JsonNode node, String at, String key, boolean required) {
    JsonNode value = node.get(key);
    String field = at.isEmpty() ? key : at + "." + key;
    if (value == null || value.isNull()) {
      if (required) {
        problems.add(field + ": missing");
      }
      return null;
    }
    if (!value.isValueNode() || value.asText().isBlank()) {
      problems.add(field + ": must be non-empty text");
      return null;
    }
    return value.asText();
  }

  private <E extends Enum<E>> E choice(JsonNode node, String at, String key, Class<E> type, E fallback,
      boolean required) {
    String value = text(node, at, key, required);
    if (value == null) {
      return fallback;
    }
    List<String> names = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
    String wanted = value.strip().toLowerCase(Locale.ROOT);
    if (!names.contains(wanted)) {
      problems.add(at + "." + key + ": '" + value + "' is not one of " + String.join(", ", names));
      return fallback;
    }
    return Enum.valueOf(type, wanted.toUpperCase(Locale.ROOT));
  }

  private List<String> strings(JsonNode list, String field) {
    if (list == null || list.isNull()) {
      return List.of();
    }
    if (!list.isArray()) {
      problems.add(field + ": must be a list");
      return List.of();
    }
    List<String> values = new ArrayList<>();
    for (JsonNode item : list) {
      if (!item.isValueNode() || item.asText().isBlank()) {
        problems.add(field + ": every item must be non-empty text");
      } else {
        values.add(item.asText());
      }
    }
    return values;
  }

  /** Seed 002 writes "90%"; a number is taken as percent too. */
  private Double percent(JsonNode value, String field) {
    if (value == null || value.isNull()) {
      return null;
    }
    String text = value.asText().strip();
    try {
      double percent = Double.parseDouble(text.endsWith("%") ? text.substring(0, text.length() - 1) : text);
      if (percent >= 0 && percent <= 100) {
        return percent;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(field + ": '" + text + "' is not a percentage from 0 to 100 (e.g. 90%)");
    return null;
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
