package dev.orkestra.models;

import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.util.function.Function;

/**
 * Builds langchain4j chat models for every {@link Provider}. All HTTP providers use the JDK HTTP client
 * (no okhttp), no request/response logging (requests carry the key in headers) and no client-side retries:
 * one registry call is exactly one provider request, so its timeout, latency and cost are what they say, and
 * retry policy stays with the caller.
 */
public final class ProviderChatModelFactory implements ChatModelFactory {

  /** Ollama's builder has no default endpoint; this is where a local Ollama listens. */
  static final String OLLAMA_DEFAULT_URL = "http://localhost:11434";

  private final ApiKeys keys;

  /** @param env environment lookup, normally {@code System::getenv} */
  public ProviderChatModelFactory(Function<String, String> env) {
    this.keys = new ApiKeys(env);
  }

  @Override
  public ChatModel create(ModelSpec spec) {
    return switch (spec.provider()) {
      case OPENAI -> OpenAiChatModel.builder()
          .httpClientBuilder(JdkHttpClient.builder())
          .baseUrl(spec.baseUrl())
          .apiKey(keys.keyFor(spec))
          .modelName(spec.model())
          .timeout(spec.timeout())
          .maxRetries(0)
          .build();
      case ANTHROPIC -> AnthropicChatModel.builder()
          .httpClientBuilder(JdkHttpClient.builder())
          .baseUrl(spec.baseUrl())
          .apiKey(keys.keyFor(spec))
          .modelName(spec.model())
          .timeout(spec.timeout())
          .maxRetries(0)
          .build();
      case GEMINI -> GoogleAiGeminiChatModel.builder()
          .httpClientBuilder(JdkHttpClient.builder())
          .baseUrl(spec.baseUrl())
          .apiKey(keys.keyFor(spec))
          .modelName(spec.model())
          .timeout(spec.timeout())
          .maxRetries(0)
          .build();
      case OLLAMA -> OllamaChatModel.builder()
          .httpClientBuilder(JdkHttpClient.builder())
          .baseUrl(spec.baseUrl() != null ? spec.baseUrl() : OLLAMA_DEFAULT_URL)
          .modelName(spec.model())
          .timeout(spec.timeout())
          .maxRetries(0)
          .build();
      case SCRIPTED -> ScriptedChatModel.fromFile(spec.model(), spec.script());
    };
  }

  @Override
  public String toString() {
    return "ProviderChatModelFactory";
  }
}
