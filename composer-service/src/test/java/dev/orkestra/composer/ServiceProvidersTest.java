package dev.orkestra.composer;

import dev.orkestra.runtime.ServiceHost;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.ServiceProvider;
import dev.orkestra.topics.Topics;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ServiceProvidersTest {

  @Test
  void orkestraUpFindsTheComposerAndTheSynthesizer() {
    assertThat(ServiceLoader.load(ServiceProvider.class).stream().map(p -> p.get().name()))
        .contains("composer", "synthesizer");
  }

  @Test
  void composerRunsOnItsRegistryTopicsWithTheConfiguredConcurrency() {
    ServiceContext context = new ServiceContext("broker:9092", Path.of("data"), Path.of("models.yaml"),
        Map.of("orkestra.composer.concurrency", "7"));

    var config = ComposerServiceProvider.config(context);

    assertThat(config.role()).isEqualTo("composer");
    assertThat(config.bootstrapServers()).isEqualTo("broker:9092");
    assertThat(config.requests()).isEqualTo(Topics.COMPOSER_REQUESTS);
    assertThat(config.results()).isEqualTo(Topics.COMPOSER_RESULTS);
    assertThat(config.concurrency()).isEqualTo(7);
  }

  @Test
  void theDeployableMainReadsItsContextFromTheEnvironment() {
    ServiceContext context = ServiceHost.contextFromEnvironment(Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", "kafka-0:9092,kafka-1:9092",
        "ORKESTRA_HOME", "/var/lib/orkestra",
        "ORKESTRA_SYNTHESIZER_MODEL", "claude-sonnet",
        "ORKESTRA_ANTHROPIC_KEY", "not-a-setting"));

    assertThat(context.bootstrapServers()).isEqualTo("kafka-0:9092,kafka-1:9092");
    assertThat(context.modelsFile()).isEqualTo(Path.of("/var/lib/orkestra/models.yaml"));
    assertThat(context.setting("orkestra.synthesizer.model")).contains("claude-sonnet");
    assertThat(context.settings()).doesNotContainKey("orkestra.anthropic.key");
  }
}
