package dev.orkestra.coordinator.task;

import dev.orkestra.events.task.Complexity;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.StepType;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One row of the routing table (seed 002's matrix: role x risk x area x step type -> model). An
 * empty criterion matches anything; a request that lacks what a criterion asks about (a planner
 * has no step type, an implementer no author) does not match it.
 *
 * @param number  1-based position in the table, named in every reason
 * @param areas   lower-case areas
 * @param authors model ids of the author (reviewer rules: the seed picks the reviewer by who wrote it)
 * @param models  candidate model ids in order of preference; the first eligible one is chosen
 */
public record RoutingRule(
    int number,
    TaskRole role,
    Set<Risk> risks,
    Set<String> areas,
    Set<StepType> stepTypes,
    Set<Complexity> complexities,
    Set<String> authors,
    List<String> models,
    String rationale) {

  public RoutingRule {
    risks = Set.copyOf(risks);
    areas = areas.stream().map(area -> area.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    stepTypes = Set.copyOf(stepTypes);
    complexities = Set.copyOf(complexities);
    authors = Set.copyOf(authors);
    models = List.copyOf(models);
  }

  // Set.copyOf sets refuse contains(null): a request without a step type or author asks "no" of them.
  public boolean matches(RouteRequest request) {
    return role == request.role()
        && accepts(risks, request.risk())
        && accepts(areas, request.area() == null ? null : request.area().strip().toLowerCase(Locale.ROOT))
        && accepts(stepTypes, request.stepType())
        && accepts(complexities, request.complexity())
        && accepts(authors, request.author() == null ? null : request.author().getModelId());
  }

  private static <T> boolean accepts(Set<T> allowed, T value) {
    return allowed.isEmpty() || value != null && allowed.contains(value);
  }

  /** "rule 3 (best reasoning)", or "rule 3" when the table gives no rationale. */
  public String label() {
    return rationale == null || rationale.isBlank() ? "rule " + number : "rule " + number + ": " + rationale;
  }
}
