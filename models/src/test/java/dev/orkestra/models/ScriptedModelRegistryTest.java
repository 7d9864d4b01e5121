package dev.orkestra.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.output.FinishReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptedModelRegistryTest {

  @TempDir
  Path dir;

  private Path config;

  @BeforeEach
  void writeConfig() throws IOException {
    Files.createDirectories(dir.resolve("scripts"));
    Files.writeString(dir.resolve("scripts/coach.yaml"), """
            - role: reviewer
              match: plan
              response: Reviewer says no.
            - role: coach
              match: (?i)review this plan
              response: Looks good, ship it.
              inputTokens: 120
              outputTokens: 30
            - role: "*"
              match: hello
              response: Hi there.
            """);
    config = dir.resolve("models.yaml");
    Files.writeString(config, """
            models:
              - id: scripted-coach
                provider: scripted
                model: scripted-1
                family: scripted
                script: scripts/coach.yaml
                inputPricePerMillion: 3.0
                outputPricePerMillion: 15.0
                concurrency: 4
                timeout: 30s
            """);
  }

  @Test
  void scriptedCallReturnsResponseWithGivenTokensAndCost() {
    ModelRegistry registry = ModelRegistry.load(config, Map.<String, String>of()::get);

    ModelCallResult result = registry.call("scripted-coach", "coach",
        List.of(UserMessage.from("Please REVIEW this plan: build it in Rust")));

    assertThat(result.text()).isEqualTo("Looks good, ship it.");
    assertThat(result.response().finishReason()).isEqualTo(FinishReason.STOP);
    Usage usage = result.usage();
    assertThat(usage.modelId()).isEqualTo("scripted-coach");
    assertThat(usage.provider()).isEqualTo("scripted");
    assertThat(usage.inputTokens()).isEqualTo(120);
    assertThat(usage.outputTokens()).isEqualTo(30);
    // 120 × 3.0 / 1e6 + 30 × 15.0 / 1e6
    assertThat(usage.costUsd()).isEqualTo(0.00081);
    assertThat(usage.estimated()).isFalse();
    assertThat(usage.latencyMs()).isNotNegative();
  }

  @Test
  void tokensWithoutCountsInTheScriptAreEstimatedFromAllPromptMessages() {
    ModelRegistry registry = ModelRegistry.load(config, Map.<String, String>of()::get);

    ModelCallResult result = registry.call("scripted-coach", "writer",
        List.of(SystemMessage.from("You are terse."), UserMessage.from("hello world")));

    assertThat(result.text()).isEqualTo("Hi there.");
    // prompt: 14 + 11 = 25 chars -> ceil(25 / 4) = 7; response: 9 chars -> 3
    assertThat(result.usage().inputTokens()).isEqualTo(7);
    assertThat(result.usage().outputTokens()).isEqualTo(3);
    assertThat(result.usage().costUsd()).isEqualTo(0.000066);
    assertThat(result.usage().estimated()).isTrue();
  }

  @Test
  void firstEntryMatchingTheCallersRoleWins() {
    ModelRegistry registry = ModelRegistry.load(config, Map.<String, String>of()::get);

    assertThat(registry.call("scripted-coach", "reviewer", List.of(UserMessage.from("review this plan"))).text())
        .isEqualTo("Reviewer says no.");
  }

  @Test
  void noMatchingEntryNamesTheRoleAndTheStartOfThePrompt() {
    ModelRegistry registry = ModelRegistry.load(config, Map.<String, String>of()::get);
    String prompt = "a".repeat(80) + "TAIL-NOT-SHOWN";

    assertThatThrownBy(() -> registry.call("scripted-coach", "coach", List.of(UserMessage.from(prompt))))
        .isInstanceOf(ModelCallException.class)
        .hasMessageContaining("role 'coach'")
        .hasMessageContaining("a".repeat(80))
        .hasMessageNotContaining("TAIL");
  }

  @Test
  void chatModelIsBuiltOnceAndReused() {
    AtomicInteger builds = new AtomicInteger();
    ProviderChatModelFactory real = new ProviderChatModelFactory(Map.<String, String>of()::get);
    ModelRegistry registry = new ModelRegistry(ModelConfigLoader.load(config), Map.<String, String>of()::get,
        spec -> {
          builds.incrementAndGet();
          return real.create(spec);
        });

    registry.call("scripted-coach", "coach", List.of(UserMessage.from("hello")));
    registry.call("scripted-coach", "coach", List.of(UserMessage.from("hello again")));

    assertThat(builds).hasValue(1);
  }

  @Test
  void scriptPathIsResolvedAgainstTheConfigDirectory() {
    ModelSpec spec = ModelConfigLoader.load(config).getFirst();

    assertThat(spec.script()).isEqualTo(dir.resolve("scripts/coach.yaml").toAbsolutePath().normalize());
    assertThat(spec.timeout()).hasSeconds(30);
    assertThat(spec.concurrency()).isEqualTo(4);
  }
}
