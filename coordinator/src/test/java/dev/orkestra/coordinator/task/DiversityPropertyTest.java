package dev.orkestra.coordinator.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.task.Complexity;
import dev.orkestra.events.task.PlanStep;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.StepType;
import dev.orkestra.events.task.TaskSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's invariant over random registries and routing tables: no review is ever routed to a
 * model that shares the author's model, family or provider (as the table's diversity says), and a
 * review that cannot be routed says why. Each case is one seed of a {@link Random}; a failure names
 * it, so it can be replayed.
 */
class DiversityPropertyTest {

  private static final int CASES = 3000;
  // family is required by the contract (may be blank); provider is optional.
  private static final String[] FAMILIES = {"claude", "gemini", "gpt", "", " Claude "};
  private static final String[] PROVIDERS = {"anthropic", "gemini", "openai", "claude-cli", null};
  private static final String[] ROLES = {"planner", "plan-reviewer", "implementer", "code-reviewer"};
  private static final String[] AREAS = {"core", "math", "api", "docs", "tests"};

  @Test
  void noReviewIsRoutedToTheAuthorsModelFamilyOrProvider() {
    int routedReviews = 0;
    int refusedReviews = 0;
    for (long seed = 0; seed < CASES; seed++) {
      Random random = new Random(seed);
      Map<String, ModelRef> registry = registry(random);
      Diversity diversity = Diversity.values()[random.nextInt(Diversity.values().length)];
      ModelRouter router = new ModelRouter(RoutingTable.parse(table(random, diversity, registry), "case " + seed,
          registry), registry);
      TaskSpec task = Tasks.spec("P-" + seed, pick(random, Risk.values()), pick(random, AREAS)).build();
      PlanStep step = Tasks.step("S1", pick(random, StepType.values()), pick(random, Risk.values()),
          pick(random, Complexity.values()), pick(random, AREAS));

      List<ModelRef> authors = new ArrayList<>(registry.values());
      RouteDecision planner = router.route(RouteRequest.planner(task));
      RouteDecision implementer = router.route(RouteRequest.implementer(task, step));
      // Whoever the router picked, and any other model a person or an older table may have made the author.
      if (planner.routed()) {
        authors.add(planner.model());
      }
      if (implementer.routed()) {
        authors.add(implementer.model());
      }
      for (ModelRef author : authors) {
        for (RouteDecision review : List.of(router.route(RouteRequest.planReviewer(task, author)),
            router.route(RouteRequest.codeReviewer(task, step, author)))) {
          if (review.routed()) {
            routedReviews++;
            assertThat(diversity.conflict(review.model(), author))
                .as("seed %d: %s reviews %s under %s (%s)", seed, review.model().getModelId(), author.getModelId(),
                    diversity, review.reason())
                .isEmpty();
            assertThat(attribute(diversity, review.model())).as("seed %d", seed)
                .isNotBlank()
                .isNotEqualToIgnoringCase(attribute(diversity, author));
          } else {
            refusedReviews++;
            assertThat(review.reason()).as("seed %d: a review that cannot be routed says why", seed).isNotBlank();
          }
        }
      }
    }
    // The generator must exercise both outcomes, or the property says nothing.
    assertThat(routedReviews).isGreaterThan(CASES);
    assertThat(refusedReviews).isGreaterThan(CASES / 10);
  }

  private static Map<String, ModelRef> registry(Random random) {
    Map<String, ModelRef> models = new LinkedHashMap<>();
    int count = 1 + random.nextInt(6);
    for (int i = 0; i < count; i++) {
      String id = "m" + i;
      models.put(id, ModelRef.newBuilder().setModelId(id).setFamily(pick(random, FAMILIES))
          .setProvider(pick(random, PROVIDERS)).build());
    }
    return models;
  }

  /** A table in the routing file's own format: random rules, criteria and candidate lists. */
  private static String table(Random random, Diversity diversity, Map<String, ModelRef> registry) {
    List<String> ids = new ArrayList<>(registry.keySet());
    StringBuilder yaml = new StringBuilder("diversity: " + diversity.id() + "\nrules:\n");
    int rules = 1 + random.nextInt(10);
    for (int i = 0; i < rules; i++) {
      yaml.append("  - role: ").append(pick(random, ROLES)).append('\n');
      if (random.nextBoolean()) {
        yaml.append("    risk: ").append(pick(random, Risk.values()).name().toLowerCase(Locale.ROOT)).append('\n');
      }
      if (random.nextBoolean()) {
        yaml.append("    area: [").append(pick(random, AREAS)).append("]\n");
      }
      List<String> candidates = new ArrayList<>();
      int n = 1 + random.nextInt(ids.size());
      for (int c = 0; c < n; c++) {
        candidates.add(pick(random, ids.toArray(String[]::new)));
      }
      yaml.append("    models: [").append(String.join(", ", candidates)).append("]\n");
    }
    return yaml.toString();
  }

  private static String attribute(Diversity diversity, ModelRef model) {
    String value = switch (diversity) {
      case MODEL -> model.getModelId();
      case FAMILY -> model.getFamily();
      case PROVIDER -> model.getProvider();
    };
    return value == null ? "" : value.strip();
  }

  private static <T> T pick(Random random, T[] values) {
    return values[random.nextInt(values.length)];
  }
}
