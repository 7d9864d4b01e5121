package dev.orkestra.coordinator.task;

import dev.orkestra.events.task.Budget;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A task's limits (seed 002; the task's {@link Budget} where it sets one): attempts per step and
 * review rounds before a person is asked, model spend (cost and tokens) after which the task
 * pauses, and the time after which it waits for a person.
 *
 * <p>Spend is checked before each result is applied: a call's cost is known only when it returns,
 * so a task's spend can end above its budget by the calls that were already running, never by a
 * call made after the limit was crossed. Spend pauses the task (issue 9: "a per-task cost limit that
 * pauses the work with a clear reason, resumable after raising the limit") rather than failing it,
 * so the work and the results already paid for are kept; time is seed 002's escalation trigger
 * ("task runs > 6 hours").
 */
public final class BudgetPolicy {

  /** Seed 002: "Timeout (task runs > 6 hours)". */
  public static final Duration SEED_TIME_LIMIT = Duration.ofHours(6);

  private final Duration defaultTimeLimit;
  private final Long maxTokensPerTask;
  private final Double maxCostPerDay;

  /**
   * @param defaultTimeLimit time limit of a task whose budget sets none; null: no limit
   * @param maxTokensPerTask tokens (input + output) a task may use; null: no limit. The contract's
   *     Budget has no token field, so this is the coordinator's, the same for every task.
   */
  public BudgetPolicy(Duration defaultTimeLimit, Long maxTokensPerTask) {
    this(defaultTimeLimit, maxTokensPerTask, null);
  }

  /**
   * @param maxCostPerDay US dollars every task together may spend on models in one UTC day; null: no
   *     limit. The coordinator's, the same for every task (docs/tasks.md, "Budgets").
   */
  public BudgetPolicy(Duration defaultTimeLimit, Long maxTokensPerTask, Double maxCostPerDay) {
    if (maxCostPerDay != null && !(maxCostPerDay > 0 && Double.isFinite(maxCostPerDay))) {
      throw new IllegalArgumentException("daily cost limit must be a positive amount (was " + maxCostPerDay + ")");
    }
    this.maxCostPerDay = maxCostPerDay;
    if (defaultTimeLimit != null && (defaultTimeLimit.isNegative() || defaultTimeLimit.isZero())) {
      throw new IllegalArgumentException("default time limit must be positive (was " + defaultTimeLimit + ")");
    }
    if (maxTokensPerTask != null && maxTokensPerTask <= 0) {
      throw new IllegalArgumentException("token limit must be positive (was " + maxTokensPerTask + ")");
    }
    this.defaultTimeLimit = defaultTimeLimit;
    this.maxTokensPerTask = maxTokensPerTask;
  }

  /** Seed 002's: 6 hours, no token limit. */
  public static BudgetPolicy seedDefaults() {
    return new BudgetPolicy(SEED_TIME_LIMIT, null);
  }

  /** Implementation attempts of a step before a person is asked (seed 002: 3); at least 1. */
  public int maxAttempts(Budget budget) {
    return Math.max(1, budget.getMaxAttempts());
  }

  /** Review rounds (plan, or a step's code) before a person is asked (seed 002: 3); at least 1. */
  public int maxReviewRounds(Budget budget) {
    return Math.max(1, budget.getMaxReviewRounds());
  }

  /**
   * The task's own limit, else the coordinator's default; empty when neither sets one. A
   * non-positive limit in a budget is taken as "none set", not as "already over".
   */
  public Optional<Duration> timeLimit(Budget budget) {
    Long own = budget.getMaxDurationMs();
    if (own != null && own > 0) {
      return Optional.of(Duration.ofMillis(own));
    }
    return Optional.ofNullable(defaultTimeLimit);
  }

  /** When a task started (or given a new limit) at {@code start} is over time; Long.MAX_VALUE for never. */
  public long deadline(Budget budget, long start) {
    return timeLimit(budget).map(limit -> saturatedAdd(start, limit.toMillis())).orElse(Long.MAX_VALUE);
  }

  /** Why the task is over its time limit at {@code now}, or empty. Time paused or waiting for a person does not count. */
  public Optional<String> overTime(Budget budget, long deadline, long now) {
    if (now <= deadline) {
      return Optional.empty();
    }
    Duration limit = timeLimit(budget).orElse(Duration.ZERO);
    Duration ran = limit.plusMillis(now - deadline);
    return Optional.of("the task has run " + human(ran) + ", over its time limit of " + human(limit)
        + " (time paused or waiting for a person not counted)");
  }

  /** Whether {@code usage} is over the coordinator's token limit (which no task budget can raise). */
  public boolean overTokens(TaskUsage usage) {
    return maxTokensPerTask != null && usage.tokens() > maxTokensPerTask;
  }

  /** Why the task has spent too much, or empty. */
  public Optional<String> overspent(Budget budget, TaskUsage usage) {
    Double maxCost = budget.getMaxCostUsd();
    if (maxCost != null && usage.costUsd() > maxCost) {
      return Optional.of("model spend " + usd(usage.costUsd()) + " is over the task's budget of " + usd(maxCost));
    }
    if (overTokens(usage)) {
      return Optional.of("models used " + usage.tokens() + " tokens, over the limit of " + maxTokensPerTask
          + " tokens per task");
    }
    return Optional.empty();
  }

  /** Why today's spend of every task together is over the daily limit, or empty. */
  public Optional<String> overDaily(double spentToday) {
    if (maxCostPerDay != null && spentToday > maxCostPerDay) {
      return Optional.of("model spend today (UTC, every task) " + usd(spentToday) + " is over the daily limit of "
          + usd(maxCostPerDay));
    }
    return Optional.empty();
  }

  static String usd(double amount) {
    return String.format(Locale.ROOT, "$%.4f", amount);
  }

  static String human(Duration duration) {
    long minutes = duration.toMinutes();
    if (minutes < 1) {
      return duration.toSeconds() + " s";
    }
    long hours = minutes / 60;
    return hours == 0 ? minutes + " min" : minutes % 60 == 0 ? hours + " h" : hours + " h " + minutes % 60 + " min";
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
