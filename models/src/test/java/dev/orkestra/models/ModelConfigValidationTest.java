package dev.orkestra.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.langchain4j.data.message.UserMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelConfigValidationTest {

  private static final String SECRET = "sk-live-do-not-print-me";

  @TempDir
  Path dir;

  static Stream<Arguments> invalidConfigs() {
    return Stream.of(
        Arguments.of("unknown provider", entry("m1", "provider: mistral"), "m1", "provider", "mistral"),
        Arguments.of("missing id", entry(null, ""), "models[0]", "id", "required"),
        Arguments.of("missing model", entry("m1", "").replace("    model: gpt-4o\n", ""), "m1", "model", "required"),
        Arguments.of("missing family", entry("m1", "").replace("    family: gpt\n", ""), "m1", "family", "required"),
        Arguments.of("negative price", entry("m1", "").replace("inputPricePerMillion: 1.0", "inputPricePerMillion: -1"),
            "m1", "inputPricePerMillion", "non-negative"),
        Arguments.of("missing price", entry("m1", "").replace("    outputPricePerMillion: 2.0\n", ""),
            "m1", "outputPricePerMillion", "required"),
        Arguments.of("concurrency 0", entry("m1", "concurrency: 0"), "m1", "concurrency", "at least 1"),
        Arguments.of("bad timeout", entry("m1", "timeout: soon"), "m1", "timeout", "soon"),
        Arguments.of("wrong type", entry("m1", "concurrency: many"), "m1", "concurrency", "wrong type"),
        Arguments.of("unknown field", entry("m1", "temprature: 0.2"), "m1", "temprature", "not a known"),
        Arguments.of("anthropic without key env",
            entry("m1", "").replace("provider: openai", "provider: anthropic").replace("    apiKeyEnv: OPENAI_API_KEY\n", ""),
            "m1", "apiKeyEnv", "required"),
        Arguments.of("scripted without script", entry("m1", "").replace("provider: openai", "provider: scripted")
            .replace("    apiKeyEnv: OPENAI_API_KEY\n", ""), "m1", "script", "required"),
        Arguments.of("missing script file", entry("m1", "").replace("provider: openai", "provider: scripted")
            .replace("    apiKeyEnv: OPENAI_API_KEY\n", "    script: nope.yaml\n"), "m1", "script", "missing file"),
        Arguments.of("duplicate id", entry("m1", "") + entry("m1", "").replace("models:\n", ""), "m1", "id", "duplicate"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidConfigs")
  void invalidConfigNamesModelAndField(String name, String yaml, String modelId, String field, String problem)
      throws IOException {
    Path file = write(yaml);

    ModelConfigException e = catchThrowableOfType(ModelConfigException.class, () -> ModelConfigLoader.load(file));

    assertThat(e).isNotNull();
    assertThat(e).isInstanceOf(IllegalArgumentException.class);
    assertThat(e.modelId()).isEqualTo(modelId);
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.getMessage()).startsWith(file.toString())
        .contains("'" + modelId + "'").contains("'" + field + "'").contains(problem);
  }

  @Test
  void keyValuesInTheConfigAreRejectedWithoutRepeatingThem() throws IOException {
    Path inlineKey = write(entry("m1", "apiKey: " + SECRET));
    Path keyAsEnvName = write(entry("m1", "").replace("apiKeyEnv: OPENAI_API_KEY", "apiKeyEnv: " + SECRET));
    Path keyAsPrice = write(entry("m1", "inputPricePerMillion: " + SECRET));

    assertThatThrownBy(() -> ModelConfigLoader.load(inlineKey))
        .isInstanceOf(ModelConfigException.class)
        .hasMessageContaining("'apiKey'")
        .hasMessageNotContaining(SECRET);
    assertThatThrownBy(() -> ModelConfigLoader.load(keyAsEnvName))
        .isInstanceOf(ModelConfigException.class)
        .hasMessageContaining("'apiKeyEnv'")
        .hasMessageNotContaining(SECRET);
    assertThatThrownBy(() -> ModelConfigLoader.load(keyAsPrice))
        .isInstanceOf(ModelConfigException.class)
        .hasMessageContaining("'inputPricePerMillion'")
        .hasMessageNotContaining(SECRET)
        .hasNoCause();
  }

  @Test
  void missingKeyEnvFailsTheCallNamingTheVariable() throws IOException {
    ModelRegistry registry = ModelRegistry.load(write(entry("m1", "")), Map.<String, String>of()::get);
    ModelSpec spec = registry.model("m1");

    assertThat(registry.keyPresent(spec)).isFalse();
    assertThatThrownBy(() -> registry.call("m1", "author", List.of(UserMessage.from("hi"))))
        .isInstanceOf(MissingApiKeyException.class)
        .hasMessageContaining("OPENAI_API_KEY")
        .hasMessageContaining("'m1'")
        .extracting(e -> ((MissingApiKeyException) e).envVar()).isEqualTo("OPENAI_API_KEY");
  }

  @Test
  void keyPresenceIsReportedButTheKeyNeverAppearsInToString() throws IOException {
    Path file = write(entry("m1", "") + """
              - id: local
                provider: ollama
                model: llama3.2
                family: llama
                inputPricePerMillion: 0
                outputPricePerMillion: 0
            """);
    ModelRegistry registry = ModelRegistry.load(file, Map.of("OPENAI_API_KEY", SECRET)::get);

    assertThat(registry.models()).extracting(ModelSpec::id).containsExactly("m1", "local");
    assertThat(registry.models()).allMatch(registry::keyPresent);
    assertThat(registry.models()).allSatisfy(spec -> assertThat(spec.toString()).doesNotContain(SECRET));
    assertThat(registry.model("m1").toString()).contains("OPENAI_API_KEY");
    assertThat(registry.toString()).doesNotContain(SECRET);
    assertThat(new ProviderChatModelFactory(Map.of("OPENAI_API_KEY", SECRET)::get).toString()).doesNotContain(SECRET);
  }

  @Test
  void defaultsAndIsoTimeouts() throws IOException {
    Path file = write(entry("m1", "timeout: PT2M").replace("    concurrency: 2\n", ""));

    ModelSpec spec = ModelConfigLoader.load(file).getFirst();

    assertThat(spec.timeout()).hasMinutes(2);
    assertThat(spec.concurrency()).isEqualTo(ModelSpec.DEFAULT_CONCURRENCY);
  }

  /** A valid openai entry; {@code extra} replaces the line for the same key or is appended. */
  private static String entry(String id, String extra) {
    String yaml = """
            models:
              - id: %s
                provider: openai
                model: gpt-4o
                apiKeyEnv: OPENAI_API_KEY
                family: gpt
                inputPricePerMillion: 1.0
                outputPricePerMillion: 2.0
                concurrency: 2
                timeout: 30s
            """.formatted(id);
    if (id == null) {
      yaml = yaml.replace("  - id: null\n    provider", "  - provider");
    }
    if (extra.isEmpty()) {
      return yaml;
    }
    String key = extra.substring(0, extra.indexOf(':'));
    String replaced = yaml.replaceAll("(?m)^    " + key + ":.*$", "    " + extra);
    return replaced.equals(yaml) ? yaml + "    " + extra + "\n" : replaced;
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(Files.createTempFile(dir, "models", ".yaml"), yaml);
  }
}
