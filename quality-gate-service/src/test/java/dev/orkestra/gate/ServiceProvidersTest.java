package dev.orkestra.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.ServiceProvider;
import dev.orkestra.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ServiceProvidersTest {

  private static ServiceContext context(Map<String, String> settings) {
    return new ServiceContext("broker:9092", Path.of("data"), Path.of("models.yaml"), settings);
  }

  @Test
  void orkestraUpFindsTheQualityGate() {
    assertThat(ServiceLoader.load(ServiceProvider.class).stream().map(p -> p.get().name())).contains("quality-gate");
  }

  @Test
  void theGateRunsOnItsRegistryTopicsWithContinuationsForItsLongestGate() {
    GateSettings settings = GateSettings.from(context(Map.of("orkestra.quality-gate.timeout.seconds", "3600",
        "orkestra.quality-gate.concurrency", "3")));
    var config = QualityGateServiceProvider.config(context(Map.of()), settings);

    assertThat(config.requests()).isEqualTo(Topics.QUALITY_GATE_REQUESTS);
    assertThat(config.results()).isEqualTo(Topics.QUALITY_GATE_RESULTS);
    assertThat(config.concurrency()).isEqualTo(3);
    // One hour of gate, and one run ahead of it, in 12 s deliveries.
    assertThat(settings.maxContinuations()).isEqualTo(610);
    assertThat(config.maxContinuations()).isEqualTo(610);
    assertThat(config.handlerTimeout()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void badSettingsAreNamed() {
    assertThatThrownBy(() -> GateSettings.from(context(Map.of("orkestra.quality-gate.timeout.seconds", "soon"))))
        .hasMessageContaining("orkestra.quality-gate.timeout.seconds: 'soon' is not a positive whole number");
    assertThatThrownBy(() -> GateSettings.from(context(Map.of("orkestra.quality-gate.network", "maybe"))))
        .hasMessageContaining("'maybe' is not one of auto, isolated, allowed");
    assertThatThrownBy(() -> GateSettings.from(context(Map.of("orkestra.quality-gate.command.timeout.seconds", "7200"))))
        .hasMessageContaining("is longer than orkestra.quality-gate.timeout.seconds");
  }
}
