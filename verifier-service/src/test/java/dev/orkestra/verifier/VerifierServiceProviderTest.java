package dev.orkestra.verifier;

import dev.orkestra.runtime.ServiceHost;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.ServiceProvider;
import dev.orkestra.topics.Topics;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class VerifierServiceProviderTest {

  @Test
  void isDiscoveredByTheServiceLoader() {
    assertThat(ServiceLoader.load(ServiceProvider.class).stream().map(ServiceLoader.Provider::type))
        .contains(VerifierServiceProvider.class);
    assertThat(new VerifierServiceProvider().name()).isEqualTo("verifier");
  }

  @Test
  void readsItsConcurrencySettingAndUsesTheRegistryTopics() {
    ServiceContext defaults = new ServiceContext("localhost:9092", Path.of("data"), Path.of("m.yaml"), Map.of());
    ServiceContext tuned = new ServiceContext("localhost:9092", Path.of("data"), Path.of("m.yaml"),
        Map.of("orkestra.verifier.concurrency", "32"));

    assertThat(VerifierServiceProvider.config(defaults).build().concurrency()).isEqualTo(16);
    assertThat(VerifierServiceProvider.config(tuned).build().concurrency()).isEqualTo(32);
    assertThat(VerifierServiceProvider.config(defaults).build().requests()).isEqualTo(Topics.VERIFIER_REQUESTS);
    assertThat(VerifierServiceProvider.config(defaults).build().results()).isEqualTo(Topics.VERIFIER_RESULTS);
  }

  @Test
  void standaloneHostReadsBootstrapAndSettingsButNoSecretsFromTheEnvironment() {
    ServiceContext context = ServiceHost.contextFromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
        "ORKESTRA_HOME", "/srv/orkestra", "ORKESTRA_VERIFIER_CONCURRENCY", "8", "ORKESTRA_GITHUB_TOKEN", "secret"));

    assertThat(context.bootstrapServers()).isEqualTo("kafka:9092");
    assertThat(context.dataDirFor("verifier")).isEqualTo(Path.of("/srv/orkestra/verifier"));
    assertThat(context.intSetting(VerifierServiceProvider.CONCURRENCY, 16)).isEqualTo(8);
    assertThat(context.settings()).doesNotContainValue("secret");
  }
}
