package dev.orkestra.auditor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.ServiceProvider;
import dev.orkestra.topics.Topics;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class AuditorServiceProviderTest {

  @Test
  void orkestraUpFindsTheAuditor() {
    assertThat(ServiceLoader.load(ServiceProvider.class).stream().map(p -> p.get().name())).contains("auditor");
  }

  @Test
  void auditorRunsOnItsRegistryTopicsWithTheConfiguredConcurrency() {
    var config = AuditorServiceProvider.config(new ServiceContext("broker:9092", Path.of("data"),
        Path.of("models.yaml"), Map.of("orkestra.auditor.concurrency", "2")));

    assertThat(config.role()).isEqualTo("auditor");
    assertThat(config.requests()).isEqualTo(Topics.AUDITOR_REQUESTS);
    assertThat(config.results()).isEqualTo(Topics.AUDITOR_RESULTS);
    assertThat(config.concurrency()).isEqualTo(2);
  }
}
