package dev.orkestra.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadReplacementPolicyTest {

  private final ThreadReplacementPolicy policy = new ThreadReplacementPolicy(3, Duration.ofMinutes(10));

  @Test
  void threeDeathsAreReplacedAndTheFourthWithinTheWindowStopsTheClient() {
    assertThat(policy.onDeath(0)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(policy.onDeath(1_000)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(policy.onDeath(2_000)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(policy.recent(2_000)).isEqualTo(3);

    assertThat(policy.onDeath(3_000)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
  }

  @Test
  void deathsOlderThanTheWindowNoLongerCount() {
    policy.onDeath(0);
    policy.onDeath(1_000);
    policy.onDeath(2_000);
    long tenMinutesAfterTheFirst = Duration.ofMinutes(10).toMillis();

    assertThat(policy.recent(tenMinutesAfterTheFirst)).isEqualTo(2);
    assertThat(policy.onDeath(tenMinutesAfterTheFirst)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(policy.onDeath(tenMinutesAfterTheFirst + 1)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
  }
}
