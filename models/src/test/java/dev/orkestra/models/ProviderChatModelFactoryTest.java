package dev.orkestra.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderChatModelFactoryTest {

  private final ProviderChatModelFactory factory = new ProviderChatModelFactory(
      Map.of("OPENAI_API_KEY", "k1", "ANTHROPIC_API_KEY", "k2", "GEMINI_API_KEY", "k3")::get);

  @Test
  void buildsEveryHttpProviderWithDefaultEndpoints() {
    assertThat(factory.create(spec(Provider.OPENAI, "OPENAI_API_KEY"))).isInstanceOf(OpenAiChatModel.class);
    assertThat(factory.create(spec(Provider.ANTHROPIC, "ANTHROPIC_API_KEY"))).isInstanceOf(AnthropicChatModel.class);
    assertThat(factory.create(spec(Provider.GEMINI, "GEMINI_API_KEY"))).isInstanceOf(GoogleAiGeminiChatModel.class);
    assertThat(factory.create(spec(Provider.OLLAMA, null))).isInstanceOf(OllamaChatModel.class);
  }

  @Test
  void missingKeyNamesTheVariable() {
    ProviderChatModelFactory noKeys = new ProviderChatModelFactory(Map.<String, String>of()::get);

    assertThatThrownBy(() -> noKeys.create(spec(Provider.ANTHROPIC, "ANTHROPIC_API_KEY")))
        .isInstanceOf(MissingApiKeyException.class)
        .hasMessageContaining("ANTHROPIC_API_KEY");
  }

  private static ModelSpec spec(Provider provider, String apiKeyEnv) {
    return new ModelSpec(provider.id() + "-model", provider, "some-model", null, apiKeyEnv, "family",
        1.0, 2.0, 1, Duration.ofSeconds(10), null);
  }
}
