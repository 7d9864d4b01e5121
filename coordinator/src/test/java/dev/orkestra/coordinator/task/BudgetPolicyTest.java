package dev.orkestra.coordinator.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.events.task.Budget;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetPolicyTest {

  private static final long HOUR = Duration.ofHours(1).toMillis();
  private final BudgetPolicy seed = BudgetPolicy.seedDefaults();

  private static Budget.Builder budget() {
    return Budget.newBuilder();
  }

  private static ModelUsage usage(long in, long out, double cost) {
    return ModelUsage.newBuilder().setModelId("m").setProvider("p").setInputTokens(in).setOutputTokens(out)
        .setCostUsd(cost).build();
  }

  @Test
  void theSeedsLimitsAreTheDefaults() {
    Budget defaults = budget().build();

    assertThat(seed.maxAttempts(defaults)).isEqualTo(3);
    assertThat(seed.maxReviewRounds(defaults)).isEqualTo(3);
    assertThat(seed.timeLimit(defaults)).hasValue(Duration.ofHours(6));
    assertThat(seed.deadline(defaults, 1000)).isEqualTo(1000 + 6 * HOUR);
  }

  @Test
  void aTasksOwnLimitsWin() {
    Budget own = budget().setMaxAttempts(5).setMaxReviewRounds(2).setMaxDurationMs(HOUR).build();

    assertThat(seed.maxAttempts(own)).isEqualTo(5);
    assertThat(seed.maxReviewRounds(own)).isEqualTo(2);
    assertThat(seed.deadline(own, 0)).isEqualTo(HOUR);
  }

  @Test
  void nonsenseLimitsAreReadAsTheSafeMinimumOrAsUnset() {
    Budget odd = budget().setMaxAttempts(0).setMaxReviewRounds(-2).setMaxDurationMs(-5L).build();

    assertThat(seed.maxAttempts(odd)).isEqualTo(1);
    assertThat(seed.maxReviewRounds(odd)).isEqualTo(1);
    assertThat(seed.timeLimit(odd)).hasValue(Duration.ofHours(6));
  }

  @Test
  void withoutAnyTimeLimitTheTaskIsNeverOverTime() {
    BudgetPolicy none = new BudgetPolicy(null, null);

    assertThat(none.deadline(budget().build(), 5)).isEqualTo(Long.MAX_VALUE);
    assertThat(none.overTime(budget().build(), Long.MAX_VALUE, Long.MAX_VALUE)).isEmpty();
    assertThat(seed.deadline(budget().setMaxDurationMs(Long.MAX_VALUE).build(), 10)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void overTimeOnlyPastTheDeadlineAndSaysByHowMuch() {
    Budget defaults = budget().build();
    long deadline = seed.deadline(defaults, 0);

    assertThat(seed.overTime(defaults, deadline, deadline)).isEmpty();
    assertThat(seed.overTime(defaults, deadline, deadline + 1)).isPresent();
    assertThat(seed.overTime(defaults, deadline, deadline + 90 * 60_000)).hasValue(
        "the task has run 7 h 30 min, over its time limit of 6 h (time paused or waiting for a person not counted)");
  }

  @Test
  void spendOverTheCostBudgetIsNamedWithBothAmounts() {
    Budget capped = budget().setMaxCostUsd(1.0).build();

    assertThat(seed.overspent(capped, TaskUsage.NONE.plus(List.of(usage(10, 10, 1.0))))).isEmpty();
    assertThat(seed.overspent(capped, TaskUsage.NONE.plus(List.of(usage(10, 10, 0.6), usage(1, 1, 0.45)))))
        .hasValue("model spend $1.0500 is over the task's budget of $1.0000");
    assertThat(seed.overspent(budget().build(), new TaskUsage(0, 0, 1e9))).isEmpty();
  }

  @Test
  void tokensOverTheCoordinatorsLimitAreNamed() {
    BudgetPolicy tokens = new BudgetPolicy(null, 1000L);

    assertThat(tokens.overspent(budget().build(), new TaskUsage(600, 400, 0))).isEmpty();
    assertThat(tokens.overspent(budget().build(), new TaskUsage(600, 401, 0)))
        .hasValue("models used 1001 tokens, over the limit of 1000 tokens per task");
  }

  @Test
  void aDaysSpendOverTheCoordinatorsDailyLimitIsNamed() {
    BudgetPolicy daily = new BudgetPolicy(null, null, 5.0);

    assertThat(daily.overDaily(5.0)).isEmpty();
    assertThat(daily.overDaily(5.01)).hasValue("model spend today (UTC, every task) $5.0100 is over the daily limit"
        + " of $5.0000");
    assertThat(new BudgetPolicy(null, null).overDaily(1e9)).isEmpty();
  }

  @Test
  void usageAddsUpAndIgnoresNegativeOrNonFiniteNumbers() {
    TaskUsage total = TaskUsage.NONE.plus(List.of(usage(5, 7, 0.25), usage(-3, 1, Double.NaN), usage(1, 1, -2)))
        .plus(null);

    assertThat(total).isEqualTo(new TaskUsage(6, 9, 0.25));
    assertThat(total.tokens()).isEqualTo(15);
  }

  @Test
  void invalidCoordinatorLimitsAreRefusedAtStartUp() {
    assertThatThrownBy(() -> new BudgetPolicy(Duration.ZERO, null)).hasMessageContaining("time limit");
    assertThatThrownBy(() -> new BudgetPolicy(null, 0L)).hasMessageContaining("token limit");
    assertThatThrownBy(() -> new BudgetPolicy(null, null, 0.0)).hasMessageContaining("daily cost limit");
    assertThatThrownBy(() -> new BudgetPolicy(null, null, Double.NaN)).hasMessageContaining("daily cost limit");
  }

  @Test
  void durationsReadLikeAPersonWouldSayThem() {
    assertThat(BudgetPolicy.human(Duration.ofSeconds(42))).isEqualTo("42 s");
    assertThat(BudgetPolicy.human(Duration.ofMinutes(59))).isEqualTo("59 min");
    assertThat(BudgetPolicy.human(Duration.ofMinutes(120))).isEqualTo("2 h");
    assertThat(BudgetPolicy.human(Duration.ofMinutes(121))).isEqualTo("2 h 1 min");
  }
}
