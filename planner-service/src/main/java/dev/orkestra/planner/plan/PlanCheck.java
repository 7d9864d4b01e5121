package dev.orkestra.planner.plan;

import dev.orkestra.events.task.Plan;
import dev.orkestra.events.task.PlanStep;
import dev.orkestra.planner.context.RepositoryFiles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a plan before it leaves the planner, so that a bad plan costs a repair round here rather
 * than a planning round of the task. Two kinds of problem, because the coordinator handles them
 * differently (docs/task-roles.md): <em>structure</em> — steps, ids, dependencies, cycles, the
 * rules of the coordinator's own plan check ({@code StepScheduler.check}), which rejects such a plan
 * and plans again with its problems — and <em>files</em> — files to read or modify that do not exist
 * at the base commit, which the coordinator cannot see.
 */
public final class PlanCheck {

  /** Every problem found, each a sentence naming the step. */
  public record Problems(List<String> structure, List<String> files) {

    public Problems {
      structure = List.copyOf(structure);
      files = List.copyOf(files);
    }

    public List<String> all() {
      List<String> all = new ArrayList<>(structure);
      all.addAll(files);
      return all;
    }

    public boolean none() {
      return structure.isEmpty() && files.isEmpty();
    }
  }

  private PlanCheck() {}

  /** @param commit the base commit, for the wording of file problems */
  public static Problems check(Plan plan, RepositoryFiles files, String commit) {
    return new Problems(structure(plan), files(plan, files, commit));
  }

  static List<String> structure(Plan plan) {
    List<String> problems = new ArrayList<>();
    List<PlanStep> steps = plan.getSteps();
    if (steps.isEmpty()) {
      problems.add("the plan has no steps");
      return problems;
    }
    Map<String, Integer> firstPosition = new LinkedHashMap<>();
    for (int i = 0; i < steps.size(); i++) {
      String id = steps.get(i).getId();
      if (id.isBlank()) {
        continue; // reported by the reader as a step without "id"
      }
      Integer earlier = firstPosition.putIfAbsent(id, i + 1);
      if (earlier != null) {
        problems.add("step id " + id + " is used twice (steps " + earlier + " and " + (i + 1) + ")");
      }
    }
    for (PlanStep step : steps) {
      for (String needed : step.getDependsOn()) {
        if (!firstPosition.containsKey(needed)) {
          problems.add("step " + step.getId() + " depends on " + needed + ", which is not a step of the plan");
        }
      }
    }
    if (problems.isEmpty()) {
      cycle(steps).ifPresent(problems::add);
    }
    return problems;
  }

  /** The first cycle of dependencies found by a depth-first walk, as a sentence. */
  private static Optional<String> cycle(List<PlanStep> steps) {
    Map<String, List<String>> needs = new HashMap<>();
    steps.forEach(step -> needs.put(step.getId(), step.getDependsOn()));
    Map<String, Boolean> onPath = new HashMap<>(); // true while on the current path, false once finished
    for (PlanStep step : steps) {
      List<String> path = new ArrayList<>();
      List<String> found = walk(step.getId(), needs, onPath, path);
      if (!found.isEmpty()) {
        return Optional.of(found.size() == 2
            ? "step " + found.getFirst() + " depends on itself"
            : "steps " + String.join(" -> ", found) + " depend on each other in a cycle");
      }
    }
    return Optional.empty();
  }

  private static List<String> walk(String id, Map<String, List<String>> needs, Map<String, Boolean> onPath,
      List<String> path) {
    Boolean state = onPath.get(id);
    if (Boolean.FALSE.equals(state)) {
      return List.of();
    }
    path.add(id);
    if (Boolean.TRUE.equals(state)) {
      return List.copyOf(path.subList(path.indexOf(id), path.size()));
    }
    onPath.put(id, true);
    for (String next : needs.getOrDefault(id, List.of())) {
      List<String> found = walk(next, needs, onPath, path);
      if (!found.isEmpty()) {
        return found;
      }
    }
    onPath.put(id, false);
    path.removeLast();
    return List.of();
  }

  static List<String> files(Plan plan, RepositoryFiles files, String commit) {
    List<String> problems = new ArrayList<>();
    String at = " at the base commit " + commit.substring(0, Math.min(12, commit.length()));
    for (PlanStep step : plan.getSteps()) {
      for (String path : step.getFilesToRead()) {
        if (files.matching(path).isEmpty()) {
          problems.add("step " + step.getId() + " files_to_read '" + path + "' matches no file" + at);
        }
      }
      for (String path : step.getFilesToModify()) {
        if (files.matching(path).isEmpty()) {
          problems.add("step " + step.getId() + " files_to_modify '" + path + "' does not exist" + at
              + " (a new file belongs in files_to_create)");
        }
      }
    }
    return problems;
  }
}
