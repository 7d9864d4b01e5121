package dev.orkestra.models;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.data.message.UserMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The openai provider through the real langchain4j OpenAI client, against a canned local endpoint. */
class OpenAiProviderTest {

  private static final String KEY = "sk-test-key-only-in-this-test-0123456789";

  private static final String COMPLETION = """
          {
            "id": "chatcmpl-123",
            "object": "chat.completion",
            "created": 1767225600,
            "model": "gpt-4o-mini",
            "choices": [{
              "index": 0,
              "message": {"role": "assistant", "content": "Hello from the fake endpoint"},
              "finish_reason": "stop"
            }],
            "usage": {"prompt_tokens": 42, "completion_tokens": 7, "total_tokens": 49}
          }
          """;

  @TempDir
  Path dir;

  private HttpServer server;
  private volatile String requestPath;
  private volatile String authorization;
  private volatile String requestBody;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
    logs.start();
    rootLogger().addAppender(logs);
  }

  @AfterEach
  void stopServer() {
    rootLogger().detachAppender(logs);
    server.stop(0);
  }

  @Test
  void openAiCallReturnsTextTokensFromTheServerAndCost() throws IOException {
    Path config = dir.resolve("models.yaml");
    Files.writeString(config, """
            models:
              - id: gpt-main
                provider: openai
                model: gpt-4o-mini
                baseUrl: http://127.0.0.1:%d/v1
                apiKeyEnv: OPENAI_API_KEY
                family: gpt
                inputPricePerMillion: 0.15
                outputPricePerMillion: 0.6
                concurrency: 2
                timeout: 10s
            """.formatted(server.getAddress().getPort()));
    ModelRegistry registry = ModelRegistry.load(config, Map.of("OPENAI_API_KEY", KEY)::get);

    ModelCallResult result = registry.call("gpt-main", "author", List.of(UserMessage.from("Say hello")));

    assertThat(result.text()).isEqualTo("Hello from the fake endpoint");
    assertThat(result.usage().provider()).isEqualTo("openai");
    assertThat(result.usage().inputTokens()).isEqualTo(42);
    assertThat(result.usage().outputTokens()).isEqualTo(7);
    // 42 × 0.15 / 1e6 + 7 × 0.6 / 1e6
    assertThat(result.usage().costUsd()).isEqualTo(0.0000105);
    assertThat(result.usage().estimated()).isFalse();

    assertThat(requestPath).isEqualTo("/v1/chat/completions");
    assertThat(authorization).isEqualTo("Bearer " + KEY);
    assertThat(requestBody).contains("gpt-4o-mini").contains("Say hello");
    assertThat(logs.list).isNotEmpty()
        .allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(KEY));
  }

  private void answer(HttpExchange exchange) throws IOException {
    requestPath = exchange.getRequestURI().getPath();
    authorization = exchange.getRequestHeaders().getFirst("Authorization");
    requestBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    boolean known = "POST".equals(exchange.getRequestMethod()) && "/v1/chat/completions".equals(requestPath);
    byte[] body = (known ? COMPLETION : "{\"error\":{\"message\":\"not found\"}}").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(known ? 200 : 404, body.length);
    try (var out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static Logger rootLogger() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
