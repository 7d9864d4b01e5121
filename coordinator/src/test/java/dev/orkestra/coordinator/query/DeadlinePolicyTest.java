package dev.orkestra.coordinator.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.coordinator.StageTimeouts;
import dev.orkestra.coordinator.query.state.QueryStage;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadlinePolicyTest {

  private final StageTimeouts timeouts = new StageTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2),
      Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(5));
  private final DeadlinePolicy policy = new DeadlinePolicy(timeouts);

  @Test
  void eachStageGetsItsOwnTimeout() {
    assertThat(policy.deadline(QueryStage.RETRIEVAL, 1000, null)).isEqualTo(2000);
    assertThat(policy.deadline(QueryStage.VERIFICATION, 1000, null)).isEqualTo(3000);
    assertThat(policy.deadline(QueryStage.SYNTHESIS, 1000, null)).isEqualTo(4000);
    assertThat(policy.deadline(QueryStage.COMPOSITION, 1000, null)).isEqualTo(5000);
    assertThat(policy.deadline(QueryStage.AUDIT, 1000, null)).isEqualTo(6000);
  }

  @Test
  void theQuerysDeadlineWinsWhenEarlier() {
    assertThat(policy.deadline(QueryStage.AUDIT, 1000, Instant.ofEpochMilli(1500))).isEqualTo(1500);
    assertThat(policy.deadline(QueryStage.AUDIT, 1000, Instant.ofEpochMilli(9000))).isEqualTo(6000);
  }

  @Test
  void overdueFromTheDeadlineOn() {
    assertThat(policy.overdue(2000, 1999)).isFalse();
    assertThat(policy.overdue(2000, 2000)).isTrue();
  }

  @Test
  void stateOutlivesTheLongestPossibleQuery() {
    assertThat(policy.candidateRetention()).isEqualTo(Duration.ofSeconds(15));
    assertThat(policy.maxQueryAge()).isGreaterThanOrEqualTo(timeouts.total());
  }
}
