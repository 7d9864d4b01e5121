package dev.orkestra.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.ServiceProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class CoordinatorSettingsTest {

  @Test
  void unsetSettingsKeepTheDefaults() {
    CoordinatorConfig config = CoordinatorSettings.from(context(Map.of()));
    CoordinatorConfig defaults = CoordinatorConfig.defaults();

    assertThat(config.applicationId()).isEqualTo("orkestra-coordinator");
    assertThat(config.timeouts()).isEqualTo(StageTimeouts.defaults());
    assertThat(config.cacheTtl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.commitInterval()).isEqualTo(defaults.commitInterval());
    assertThat(config.replicationFactor()).isEqualTo(CoordinatorConfig.AUTO_REPLICATION);
    assertThat(config.maxRecordBytes()).isEqualTo(1_000_000);
    assertThat(config.producer()).startsWith("coordinator@");
  }

  @Test
  void everySettingIsRead() {
    CoordinatorConfig config = CoordinatorSettings.from(context(Map.ofEntries(
        Map.entry("orkestra.coordinator.application.id", "orkestra-coordinator-blue"),
        Map.entry("orkestra.coordinator.instance.id", "node-7"),
        Map.entry("orkestra.coordinator.retrieval.timeout.ms", "1000"),
        Map.entry("orkestra.coordinator.verification.timeout.ms", "2000"),
        Map.entry("orkestra.coordinator.synthesis.timeout.ms", "3000"),
        Map.entry("orkestra.coordinator.composition.timeout.ms", "4000"),
        Map.entry("orkestra.coordinator.audit.timeout.ms", "5000"),
        Map.entry("orkestra.coordinator.cache.ttl.ms", "60000"),
        Map.entry("orkestra.coordinator.ref.reuse.ms", "0"),
        Map.entry("orkestra.coordinator.deadline.check.interval.ms", "100"),
        Map.entry("orkestra.coordinator.commit.interval.ms", "50"),
        Map.entry("orkestra.coordinator.replication.factor", "1"),
        Map.entry("orkestra.coordinator.stream.threads", "2"),
        Map.entry("orkestra.coordinator.max.record.bytes", "50000"))));

    assertThat(config).isEqualTo(new CoordinatorConfig("orkestra-coordinator-blue", "node-7",
        new StageTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(4),
            Duration.ofSeconds(5)),
        Duration.ofMinutes(1), Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(50), 1, 2, 50_000));
    assertThat(config.producer()).isEqualTo("coordinator@node-7");
  }

  @Test
  void badValuesNameTheSetting() {
    assertThatThrownBy(() -> CoordinatorSettings.from(context(Map.of("orkestra.coordinator.cache.ttl.ms", "10m"))))
        .hasMessageContaining("orkestra.coordinator.cache.ttl.ms");
    assertThatThrownBy(() -> CoordinatorSettings.from(context(Map.of("orkestra.coordinator.audit.timeout.ms", "0"))))
        .hasMessageContaining("audit timeout must be positive");
    assertThatThrownBy(() -> CoordinatorSettings.from(context(Map.of("orkestra.coordinator.max.record.bytes",
        "2000000")))).hasMessage("maxRecordBytes must be 10000-1000000, was 2000000");
  }

  @Test
  void orkestraUpFindsTheCoordinator() {
    assertThat(ServiceLoader.load(ServiceProvider.class).stream().map(ServiceLoader.Provider::get)
        .map(ServiceProvider::name)).contains("coordinator");
  }

  private static ServiceContext context(Map<String, String> settings) {
    return new ServiceContext("localhost:9092", Path.of("data"), Path.of("models.yaml"), settings);
  }
}
