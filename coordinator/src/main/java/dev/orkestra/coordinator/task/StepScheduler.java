package dev.orkestra.coordinator.task;

import dev.orkestra.events.task.Plan;
import dev.orkestra.events.task.PlanStep;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The steps of a plan as a DAG (each step's {@code dependsOn}): which steps may start now, and in
 * which order finished steps are integrated into the task branch. Built only from a plan that
 * passed {@link #check}, so every question it answers is about a valid graph; a plan with a cycle
 * or an unknown dependency is refused when it is proposed, not discovered half-way through a task.
 */
public final class StepScheduler {

  /** The outcome of checking a plan: a scheduler, or every problem found (each names the steps). */
  public record PlanCheck(StepScheduler scheduler, List<String> problems) {
    public boolean valid() {
      return problems.isEmpty();
    }

    /** The problems as one sentence, for a state change's reason or a planner's feedback. */
    public String summary() {
      return String.join("; ", problems);
    }
  }

  private final List<PlanStep> steps;
  private final Map<String, Integer> positions;
  private final Map<String, Set<String>> dependencies;
  private final List<String> topologicalOrder;

  private StepScheduler(List<PlanStep> steps, Map<String, Integer> positions, Map<String, Set<String>> dependencies,
      List<String> topologicalOrder) {
    this.steps = steps;
    this.positions = positions;
    this.dependencies = dependencies;
    this.topologicalOrder = topologicalOrder;
  }

  /**
   * Checks {@code plan}: it has steps, every step has an id used once, every dependency names a
   * step of the plan, and the dependencies form no cycle (a step depending on itself is a cycle).
   */
  public static PlanCheck check(Plan plan) {
    if (plan == null) {
      return new PlanCheck(null, List.of("there is no plan"));
    }
    List<PlanStep> steps = plan.getSteps() == null ? List.of() : List.copyOf(plan.getSteps());
    String version = "plan v" + plan.getPlanVersion();
    if (steps.isEmpty()) {
      return new PlanCheck(null, List.of(version + " has no steps"));
    }
    List<String> problems = new ArrayList<>();
    Map<String, Integer> positions = new LinkedHashMap<>();
    for (int i = 0; i < steps.size(); i++) {
      String id = steps.get(i).getId();
      if (id == null || id.isBlank()) {
        problems.add("step " + (i + 1) + " of " + version + " has no id");
        continue;
      }
      Integer earlier = positions.putIfAbsent(id, i);
      if (earlier != null) {
        problems.add("step id " + id + " is used twice (steps " + (earlier + 1) + " and " + (i + 1) + ")");
      }
    }
    Map<String, Set<String>> dependencies = new HashMap<>();
    for (PlanStep step : steps) {
      if (step.getId() == null || step.getId().isBlank()) {
        continue;
      }
      Set<String> needs = new LinkedHashSet<>(step.getDependsOn() == null ? List.of() : step.getDependsOn());
      for (String needed : needs) {
        if (!positions.containsKey(needed)) {
          problems.add("step " + step.getId() + " depends on " + needed + ", which is not a step of " + version);
        }
      }
      dependencies.merge(step.getId(), needs, (a, b) -> {
        Set<String> both = new LinkedHashSet<>(a);
        both.addAll(b);
        return both;
      });
    }
    if (!problems.isEmpty()) {
      return new PlanCheck(null, List.copyOf(problems));
    }
    List<String> cycle = findCycle(List.copyOf(positions.keySet()), dependencies);
    if (!cycle.isEmpty()) {
      String path = String.join(" -> ", cycle);
      return new PlanCheck(null, List.of(cycle.size() == 2
          ? "step " + cycle.getFirst() + " depends on itself"
          : "steps " + path + " depend on each other in a cycle"));
    }
    return new PlanCheck(new StepScheduler(steps, positions, dependencies,
        topologicalOrder(positions, dependencies)), List.of());
  }

  /** The plan's steps in plan order. */
  public List<PlanStep> steps() {
    return steps;
  }

  public boolean contains(String stepId) {
    return positions.containsKey(stepId);
  }

  public PlanStep step(String stepId) {
    Integer position = positions.get(stepId);
    return position == null ? null : steps.get(position);
  }

  public Set<String> dependenciesOf(String stepId) {
    return dependencies.getOrDefault(stepId, Set.of());
  }

  /**
   * The steps that may start now, in plan order: not done, not running, every dependency done,
   * and no more than {@code concurrency} steps running once they have started.
   *
   * @param done steps complete (a skipped step counts as done: a person chose to go on without it)
   */
  public List<String> startable(Set<String> done, Set<String> running, int concurrency) {
    int free = Math.max(0, concurrency - running.size());
    List<String> start = new ArrayList<>();
    for (PlanStep step : steps) {
      if (start.size() >= free) {
        break;
      }
      String id = step.getId();
      if (!done.contains(id) && !running.contains(id) && done.containsAll(dependenciesOf(id))) {
        start.add(id);
      }
    }
    return List.copyOf(start);
  }

  /** The dependencies of {@code stepId} not done yet, in plan order: what it waits for. */
  public List<String> waitingFor(String stepId, Set<String> done) {
    return dependenciesOf(stepId).stream().filter(id -> !done.contains(id))
        .sorted(Comparator.comparing(positions::get)).toList();
  }

  public boolean allDone(Set<String> done) {
    return done.containsAll(positions.keySet());
  }

  /**
   * The order in which {@code finished} steps are applied to the task branch: dependencies first,
   * and among steps that do not depend on each other, plan order. Fixed by the plan alone, so two
   * steps that ran side by side are integrated the same way whichever finished first.
   */
  public List<String> integrationOrder(Collection<String> finished) {
    Set<String> wanted = new HashSet<>(finished);
    return topologicalOrder.stream().filter(wanted::contains).toList();
  }

  /** Every step in integration order. */
  public List<String> topologicalOrder() {
    return topologicalOrder;
  }

  // Kahn's algorithm, always taking the earliest step in plan order among those ready: the
  // result is a topological order that keeps the planner's order wherever the graph allows.
  private static List<String> topologicalOrder(Map<String, Integer> positions, Map<String, Set<String>> dependencies) {
    Map<String, Integer> unmet = new HashMap<>();
    Map<String, List<String>> dependents = new HashMap<>();
    for (String id : positions.keySet()) {
      Set<String> needs = dependencies.getOrDefault(id, Set.of());
      unmet.put(id, needs.size());
      for (String needed : needs) {
        dependents.computeIfAbsent(needed, k -> new ArrayList<>()).add(id);
      }
    }
    PriorityQueue<String> ready = new PriorityQueue<>(Comparator.comparing(positions::get));
    unmet.forEach((id, count) -> {
      if (count == 0) {
        ready.add(id);
      }
    });
    List<String> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      String next = ready.poll();
      order.add(next);
      for (String dependent : dependents.getOrDefault(next, List.of())) {
        if (unmet.merge(dependent, -1, Integer::sum) == 0) {
          ready.add(dependent);
        }
      }
    }
    return List.copyOf(order);
  }

  /** A cycle as a path that ends where it starts (e.g. [S2, S3, S2]), or empty when there is none. */
  private static List<String> findCycle(List<String> ids, Map<String, Set<String>> dependencies) {
    Map<String, Integer> color = new HashMap<>(); // absent: unvisited, 1: on the path, 2: finished
    for (String start : ids) {
      if (color.containsKey(start)) {
        continue;
      }
      // Iterative depth-first search (a planner may write long chains), keeping the current path.
      Deque<String> path = new ArrayDeque<>();
      Deque<Iterator<String>> pending = new ArrayDeque<>();
      path.push(start);
      pending.push(dependencies.getOrDefault(start, Set.of()).iterator());
      color.put(start, 1);
      while (!path.isEmpty()) {
        Iterator<String> next = pending.peek();
        if (next.hasNext()) {
          String needed = next.next();
          Integer seen = color.get(needed);
          if (seen == null) {
            color.put(needed, 1);
            path.push(needed);
            pending.push(dependencies.getOrDefault(needed, Set.of()).iterator());
          } else if (seen == 1) {
            List<String> onPath = new ArrayList<>(path);
            Collections.reverse(onPath);
            List<String> cycle = new ArrayList<>(onPath.subList(onPath.indexOf(needed), onPath.size()));
            cycle.add(needed);
            return List.copyOf(cycle);
          }
        } else {
          color.put(path.pop(), 2);
          pending.pop();
        }
      }
    }
    return List.of();
  }
}
