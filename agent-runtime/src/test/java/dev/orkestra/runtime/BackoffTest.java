package dev.orkestra.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0);

  @Test
  void capGrowsExponentiallyUpToTheMaximum() {
    assertThat(backoff.cap(2)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.cap(3)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.cap(4)).isEqualTo(Duration.ofMillis(400));
    assertThat(backoff.cap(10)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void jitteredDelaysStayWithinTheCapAndSpreadOut() {
    Random random = new Random(42);
    long distinct = java.util.stream.IntStream.range(0, 200)
        .mapToObj(i -> backoff.delay(3, random))
        .peek(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(200)))
        .distinct().count();
    assertThat(distinct).isGreaterThan(50);
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofMillis(1), Duration.ofSeconds(1), 0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
