package dev.orkestra.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.runtime.ServiceHealth;
import dev.orkestra.runtime.ServiceHealth.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamsHealthTest {

  private final StreamsHealth health = new StreamsHealth("coordinator",
      new ThreadReplacementPolicy(3, Duration.ofMinutes(10)));
  private final List<Throwable> failures = new ArrayList<>();

  @Test
  void runningIsUpAndRebalancingIsDegraded() {
    health.onStateChange(State.REBALANCING);
    assertThat(health.health(0)).isEqualTo(new ServiceHealth("coordinator", Status.DEGRADED, "Streams REBALANCING"));

    health.onStateChange(State.RUNNING);
    assertThat(health.health(0)).isEqualTo(new ServiceHealth("coordinator", Status.UP, "Streams RUNNING"));
  }

  @Test
  void aReplacedThreadLeavesTheServiceDegradedForTheWindowNamingTheRootCause() {
    health.onStateChange(State.RUNNING);
    StreamThreadExceptionResponse response = health.onUncaught(
        new StreamsException("task 1_0 failed", new IllegalStateException("bug")), 1_000, "app-StreamThread-1");

    assertThat(response).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(health.health(2_000)).isEqualTo(new ServiceHealth("coordinator", Status.DEGRADED,
        "Streams RUNNING; 1 stream thread replaced in the last PT10M, last after IllegalStateException: bug"));
    assertThat(health.health(1_000 + Duration.ofMinutes(10).toMillis()).status()).isEqualTo(Status.UP);
  }

  @Test
  void theGlobalThreadIsNeverReplaced() {
    assertThat(health.onUncaught(new IllegalStateException("x"), 0, "app-GlobalStreamThread"))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
  }

  @Test
  void stoppingByItselfIsReportedOnceWithTheErrorAndIsDown() {
    health.onFailure(failures::add);
    IllegalStateException error = new IllegalStateException("bug");
    health.onUncaught(error, 0, "app-GlobalStreamThread");

    health.onStateChange(State.PENDING_ERROR);
    assertThat(failures).as("not yet: the client is still stopping").isEmpty();
    health.onStateChange(State.ERROR);
    health.onStateChange(State.ERROR);

    assertThat(failures).containsExactly(error);
    assertThat(health.health(0)).isEqualTo(new ServiceHealth("coordinator", Status.DOWN,
        "Streams ERROR after IllegalStateException: bug"));
    List<Throwable> late = new ArrayList<>();
    health.onFailure(late::add);
    assertThat(late).as("a listener added later hears of it at once").containsExactly(error);
  }

  @Test
  void stoppingWithoutAnErrorIsStillAFailureUnlessTheHostClosedIt() {
    health.onFailure(failures::add);
    health.onStateChange(State.NOT_RUNNING);

    assertThat(failures).singleElement().satisfies(error -> assertThat(error).hasMessageStartingWith(
        "coordinator Streams client reached NOT_RUNNING on its own"));

    StreamsHealth closed = new StreamsHealth("coordinator", new ThreadReplacementPolicy(3, Duration.ofMinutes(10)));
    List<Throwable> none = new ArrayList<>();
    closed.onFailure(none::add);
    closed.closing();
    closed.onStateChange(State.PENDING_SHUTDOWN);
    closed.onStateChange(State.NOT_RUNNING);
    assertThat(none).isEmpty();
    assertThat(closed.health(0)).isEqualTo(new ServiceHealth("coordinator", Status.DOWN, "stopped"));
  }
}
