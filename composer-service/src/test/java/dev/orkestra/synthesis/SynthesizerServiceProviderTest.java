package dev.orkestra.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.topics.Topics;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SynthesizerServiceProviderTest {

  @Test
  void synthesizerRunsOnItsRegistryTopicsWithTheConfiguredConcurrency() {
    var config = SynthesizerServiceProvider.config(new ServiceContext("broker:9092", Path.of("data"),
        Path.of("models.yaml"), Map.of("orkestra.synthesizer.concurrency", "3")));

    assertThat(config.role()).isEqualTo("synthesizer");
    assertThat(config.requests()).isEqualTo(Topics.SYNTHESIZER_REQUESTS);
    assertThat(config.results()).isEqualTo(Topics.SYNTHESIZER_RESULTS);
    assertThat(config.concurrency()).isEqualTo(3);
  }
}
