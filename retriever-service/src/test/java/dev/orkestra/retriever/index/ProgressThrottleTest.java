package dev.orkestra.retriever.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressThrottleTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void reportsEveryNFilesOrEveryIntervalWhicheverComesFirst() {
    ProgressThrottle throttle = new ProgressThrottle(100, Duration.ofSeconds(10), 0);

    assertThat(throttle.due(10, SECOND)).isFalse();
    assertThat(throttle.due(100, 2 * SECOND)).as("100 files").isTrue();
    assertThat(throttle.due(150, 3 * SECOND)).isFalse();
    assertThat(throttle.due(160, 13 * SECOND)).as("10 s since the last report").isTrue();
    assertThat(throttle.due(170, 14 * SECOND)).isFalse();
  }
}
