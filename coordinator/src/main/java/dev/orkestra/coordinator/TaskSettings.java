package dev.orkestra.coordinator;

import dev.orkestra.coordinator.task.BudgetPolicy;
import dev.orkestra.coordinator.task.ModelRouter;
import dev.orkestra.coordinator.task.RoutingTable;
import dev.orkestra.coordinator.task.TaskConfig;
import dev.orkestra.events.common.ModelRef;
import dev.orkestra.models.ModelConfigLoader;
import dev.orkestra.models.ModelSpec;
import dev.orkestra.runtime.ServiceContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the task pipeline's {@link TaskConfig} from service settings {@code orkestra.coordinator.task.*}
 * and the model registry ({@link ServiceContext#modelsFile()}). The pipeline runs by default when it
 * can: the routing table (seed 002's, unless {@value #ROUTING_FILE} names another) must name only
 * models the registry declares. When it cannot and nobody asked for it, it is off and the log says
 * why, so a system that only answers questions starts as before; when it was asked for
 * ({@value #ENABLED}{@code =true}, or a routing file set), a table that cannot be loaded stops the start.
 */
public final class TaskSettings {

  public static final String PREFIX = CoordinatorSettings.PREFIX + "task.";
  /** {@code true}: run it (a table that cannot be loaded fails the start); {@code false}: off; unset: when it can. */
  public static final String ENABLED = PREFIX + "enabled";
  public static final String ROUTING_FILE = PREFIX + "routing.file";
  public static final String STEP_CONCURRENCY = PREFIX + "step.concurrency";
  /** A task's time limit when its budget sets none (seed 002: 6 h). */
  public static final String TIME_LIMIT = PREFIX + "time.limit.ms";
  /** Tokens (input + output) one task may use; unset: no limit (the contract's Budget has no token field). */
  public static final String MAX_TOKENS = PREFIX + "max.tokens";
  /** US dollars every task together may spend on models in a UTC day; unset: no limit. */
  public static final String MAX_COST_PER_DAY = PREFIX + "max.cost.per.day.usd";
  public static final String CLOCK_INTERVAL = PREFIX + "clock.interval.ms";
  /** How old a submission may be when first seen and still start a task (default a day). */
  public static final String SUBMISSION_MAX_AGE = PREFIX + "submission.max.age.ms";

  private static final Logger log = LoggerFactory.getLogger(TaskSettings.class);

  private TaskSettings() {}

  /** The task pipeline's settings, or empty when it is off. */
  public static Optional<TaskConfig> from(ServiceContext context) {
    Optional<String> enabled = context.setting(ENABLED).map(String::strip);
    if (enabled.filter("false"::equalsIgnoreCase).isPresent()) {
      log.info("task pipeline off ({}=false)", ENABLED);
      return Optional.empty();
    }
    Optional<Path> routingFile = context.setting(ROUTING_FILE).map(String::strip).map(Path::of);
    boolean askedFor = enabled.filter("true"::equalsIgnoreCase).isPresent() || routingFile.isPresent();
    ModelRouter router;
    try {
      Map<String, ModelRef> models = ModelRouter.catalog(models(context.modelsFile()));
      router = new ModelRouter(routingFile.map(file -> RoutingTable.load(file, models))
          .orElseGet(() -> RoutingTable.seedTable(models)), models);
    } catch (RuntimeException e) {
      if (askedFor) {
        throw new IllegalArgumentException("task pipeline: " + e.getMessage(), e);
      }
      log.warn("task pipeline off: {} (model registry {}); declare the models the routing table names, or set {} to"
          + " a table of the declared ones", e.getMessage(), context.modelsFile(), ROUTING_FILE);
      return Optional.empty();
    }
    Duration timeLimit = CoordinatorSettings.millis(context, TIME_LIMIT).orElse(BudgetPolicy.SEED_TIME_LIMIT);
    Long maxTokens = CoordinatorSettings.parsed(context, MAX_TOKENS, Long::parseLong, "a whole number").orElse(null);
    Double maxCostPerDay = CoordinatorSettings.parsed(context, MAX_COST_PER_DAY, Double::parseDouble,
        "an amount in US dollars").orElse(null);
    BudgetPolicy budgets;
    try {
      budgets = new BudgetPolicy(timeLimit, maxTokens, maxCostPerDay);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(PREFIX + "*: " + e.getMessage(), e);
    }
    return Optional.of(new TaskConfig(router, budgets,
        CoordinatorSettings.integer(context, STEP_CONCURRENCY).orElse(1),
        CoordinatorSettings.millis(context, CLOCK_INTERVAL).orElse(TaskConfig.DEFAULT_CLOCK_INTERVAL),
        CoordinatorSettings.millis(context, SUBMISSION_MAX_AGE).orElse(TaskConfig.DEFAULT_SUBMISSION_MAX_AGE)));
  }

  private static List<ModelSpec> models(Path file) {
    return file != null && Files.isRegularFile(file) ? ModelConfigLoader.load(file) : List.of();
  }
}
