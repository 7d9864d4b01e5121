package dev.orkestra.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.orkestra.models.MissingApiKeyException;
import dev.orkestra.models.ModelCallException;
import dev.orkestra.models.ModelTimeoutException;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ModelFailuresTest {

  @Test
  void timeoutsServerErrorsRateLimitsAndIoAreTransient() {
    assertThat(ModelFailures.isTransient(new ModelTimeoutException("m", "synthesizer", Duration.ofSeconds(30)))).isTrue();
    assertThat(ModelFailures.isTransient(failed(new InternalServerException("502 bad gateway")))).isTrue();
    assertThat(ModelFailures.isTransient(failed(new RateLimitException("slow down")))).isTrue();
    assertThat(ModelFailures.isTransient(failed(new HttpException(503, "unavailable")))).isTrue();
    assertThat(ModelFailures.isTransient(failed(new IOException("connection reset")))).isTrue();
    assertThat(ModelFailures.isTransient(failed(new InterruptedException()))).isTrue();
  }

  @Test
  void configurationProblemsAreNot() {
    assertThat(ModelFailures.isTransient(new MissingApiKeyException("m", "SOME_KEY"))).isFalse();
    assertThat(ModelFailures.isTransient(failed(new AuthenticationException("bad key")))).isFalse();
    assertThat(ModelFailures.isTransient(failed(new HttpException(404, "no such model")))).isFalse();
    assertThat(ModelFailures.isTransient(failed(new IllegalStateException("no entry matches")))).isFalse();
    assertThat(ModelFailures.isTransient(new IllegalArgumentException("Unknown model id"))).isFalse();
  }

  private static ModelCallException failed(Throwable cause) {
    return new ModelCallException("m", "synthesizer", "failed", cause);
  }
}
