package dev.orkestra.coordinator.task;

import dev.orkestra.events.common.ModelRef;
import dev.orkestra.models.ModelSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which model does a role's work (seed 002's routing matrix): the first rule of the table that
 * matches the request and offers an eligible model wins, and that model is its first eligible
 * candidate. A reviewer's candidate is eligible only when it differs from the author at the
 * table's {@link Diversity} granularity; a candidate that does not is skipped and named in the
 * reason. When nothing is eligible the decision says so — the task then waits for a person — and
 * no same-family model is ever picked to keep it moving.
 */
public final class ModelRouter {

  private final RoutingTable table;
  private final Map<String, ModelRef> models;

  public ModelRouter(RoutingTable table, Map<String, ModelRef> models) {
    this.table = table;
    this.models = Map.copyOf(models);
  }

  /** The registry's models as the contracts name them (id, family, provider), by id. */
  public static Map<String, ModelRef> catalog(Collection<ModelSpec> specs) {
    Map<String, ModelRef> byId = new LinkedHashMap<>();
    for (ModelSpec spec : specs) {
      byId.put(spec.id(), ModelRef.newBuilder().setModelId(spec.id()).setFamily(spec.family())
          .setProvider(spec.provider().id()).build());
    }
    return byId;
  }

  public Diversity diversity() {
    return table.diversity();
  }

  public RouteDecision route(RouteRequest request) {
    TaskRole role = request.role();
    List<String> skipped = new ArrayList<>();
    boolean matched = false;
    for (RoutingRule rule : table.rules()) {
      if (!rule.matches(request)) {
        continue;
      }
      matched = true;
      for (String id : rule.models()) {
        ModelRef candidate = models.get(id);
        Optional<String> conflict = role.reviews()
            ? table.diversity().conflict(candidate, request.author())
            : Optional.empty();
        if (conflict.isPresent()) {
          skipped.add(conflict.get() + " (rule " + rule.number() + ")");
          continue;
        }
        return RouteDecision.routed(role, candidate, request.subject() + ": " + role.id() + "=" + id + " ("
            + rule.label() + crossCheck(candidate, request) + skippedNote(skipped) + ")");
      }
    }
    if (!matched) {
      return RouteDecision.none(role, request.subject() + ": no routing rule for " + role.id() + " matches "
          + criteria(request) + "; add a rule for it to the routing table");
    }
    return RouteDecision.none(role, request.subject() + ": no eligible " + role.id() + ": "
        + String.join("; ", skipped) + "; a person must decide, or the routing table must offer a model of another "
        + table.diversity().id() + " than " + request.author().getModelId());
  }

  private String crossCheck(ModelRef chosen, RouteRequest request) {
    if (!request.role().reviews() || request.author() == null) {
      return "";
    }
    ModelRef author = request.author();
    return switch (table.diversity()) {
      case MODEL -> "; cross-check of " + author.getModelId();
      case FAMILY -> "; cross-check: family " + chosen.getFamily() + ", author " + author.getModelId() + " is "
          + author.getFamily();
      case PROVIDER -> "; cross-check: provider " + chosen.getProvider() + ", author " + author.getModelId()
          + " is " + author.getProvider();
    };
  }

  private static String skippedNote(List<String> skipped) {
    return skipped.isEmpty() ? "" : "; skipped " + String.join("; ", skipped);
  }

  private static String criteria(RouteRequest request) {
    List<String> parts = new ArrayList<>();
    parts.add("risk=" + lower(request.risk()));
    parts.add("area=" + request.area());
    if (request.stepType() != null) {
      parts.add("type=" + lower(request.stepType()));
    }
    if (request.complexity() != null) {
      parts.add("complexity=" + lower(request.complexity()));
    }
    if (request.author() != null) {
      parts.add("author=" + request.author().getModelId());
    }
    return String.join(", ", parts);
  }

  private static String lower(Enum<?> value) {
    return value == null ? "none" : value.name().toLowerCase(Locale.ROOT);
  }
}
