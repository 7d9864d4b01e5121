package dev.orkestra.extractor;

import dev.orkestra.runtime.ServiceHost;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.ServiceProvider;
import dev.orkestra.topics.Topics;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ExtractorServiceProviderTest {

  @Test
  void isDiscoveredByTheServiceLoader() {
    assertThat(ServiceLoader.load(ServiceProvider.class).stream().map(ServiceLoader.Provider::type))
        .contains(ExtractorServiceProvider.class);
    assertThat(new ExtractorServiceProvider().name()).isEqualTo("extractor");
  }

  @Test
  void readsItsConcurrencySettingAndUsesTheRegistryTopics() {
    ServiceContext defaults = new ServiceContext("localhost:9092", Path.of("data"), Path.of("m.yaml"), Map.of());
    ServiceContext tuned = new ServiceContext("localhost:9092", Path.of("data"), Path.of("m.yaml"),
        Map.of("orkestra.extractor.concurrency", "32"));

    assertThat(ExtractorServiceProvider.config(defaults).build().concurrency()).isEqualTo(16);
    assertThat(ExtractorServiceProvider.config(tuned).build().concurrency()).isEqualTo(32);
    assertThat(ExtractorServiceProvider.config(defaults).build().requests()).isEqualTo(Topics.EXTRACTOR_REQUESTS);
    assertThat(ExtractorServiceProvider.config(defaults).build().results()).isEqualTo(Topics.EXTRACTOR_RESULTS);
  }

  @Test
  void standaloneHostReadsBootstrapAndSettingsButNoSecretsFromTheEnvironment() {
    ServiceContext context = ServiceHost.contextFromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
        "ORKESTRA_HOME", "/srv/orkestra", "ORKESTRA_EXTRACTOR_CONCURRENCY", "8", "ORKESTRA_GITHUB_TOKEN", "secret"));

    assertThat(context.bootstrapServers()).isEqualTo("kafka:9092");
    assertThat(context.dataDirFor("extractor")).isEqualTo(Path.of("/srv/orkestra/extractor"));
    assertThat(context.intSetting(ExtractorServiceProvider.CONCURRENCY, 16)).isEqualTo(8);
    assertThat(context.settings()).doesNotContainValue("secret");
  }
}
