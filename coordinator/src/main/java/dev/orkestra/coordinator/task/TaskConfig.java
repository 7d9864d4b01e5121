package dev.orkestra.coordinator.task;

import java.time.Duration;
import java.util.Objects;

/**
 * What the task topology decides with, beside the coordinator's own settings.
 *
 * @param router          which model does each role's work (the routing table over the model registry)
 * @param budgets         attempts, review rounds, spend and the default time limit
 * @param stepConcurrency steps of one task that may run at once (seed 002: one at a time)
 * @param clockInterval   how often running tasks are checked against their time limit (wall clock); the
 *     limits are hours, so a second is plenty and costs one range scan of an in-memory index
 * @param submissionMaxAge how old a submission may be when the coordinator first sees it and still start a
 *     task: a coordinator with a new application id reads orkestra.tasks from its beginning and must not
 *     run every task ever submitted
 */
public record TaskConfig(ModelRouter router, BudgetPolicy budgets, int stepConcurrency, Duration clockInterval,
    Duration submissionMaxAge) {

  public static final Duration DEFAULT_CLOCK_INTERVAL = Duration.ofSeconds(1);
  /** A day: a coordinator down over a night still runs what was submitted meanwhile. */
  public static final Duration DEFAULT_SUBMISSION_MAX_AGE = Duration.ofHours(24);

  public TaskConfig {
    Objects.requireNonNull(router, "router");
    Objects.requireNonNull(budgets, "budgets");
    if (stepConcurrency < 1) {
      throw new IllegalArgumentException("stepConcurrency must be at least 1, was " + stepConcurrency);
    }
    if (clockInterval == null || clockInterval.isNegative() || clockInterval.isZero()) {
      throw new IllegalArgumentException("clockInterval must be positive, was " + clockInterval);
    }
    if (submissionMaxAge == null || submissionMaxAge.isNegative() || submissionMaxAge.isZero()) {
      throw new IllegalArgumentException("submissionMaxAge must be positive, was " + submissionMaxAge);
    }
  }

  /** Seed 002's budgets, one step at a time, the clock checked every second. */
  public static TaskConfig of(ModelRouter router) {
    return new TaskConfig(router, BudgetPolicy.seedDefaults(), 1, DEFAULT_CLOCK_INTERVAL, DEFAULT_SUBMISSION_MAX_AGE);
  }
}
