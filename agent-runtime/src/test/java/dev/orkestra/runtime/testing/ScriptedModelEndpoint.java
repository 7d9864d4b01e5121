package dev.orkestra.runtime.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * An OpenAI-compatible chat endpoint on loopback that a test controls and counts: the real
 * langchain4j OpenAI client of a model role (in this JVM or in a service process) talks to it over
 * HTTP. Each call answers "answer: <the last user message>" with fixed token counts, or what the
 * test's {@link #answerWith responder} makes of that message; the test can hold answers back (a slow
 * model) and counts every call per prompt — a call counted twice for one prompt is a model call paid
 * twice.
 */
public final class ScriptedModelEndpoint implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  public static final int PROMPT_TOKENS = 300;
  public static final int COMPLETION_TOKENS = 40;

  private final HttpServer server;
  private final AtomicInteger calls = new AtomicInteger();
  private final Map<String, AtomicInteger> callsByPrompt = new ConcurrentHashMap<>();
  private final List<String> prompts = new CopyOnWriteArrayList<>();
  private final AtomicLong delayMs = new AtomicLong();
  private final AtomicInteger delayedCalls = new AtomicInteger();
  private volatile Function<String, String> responder = prompt -> "answer: " + cut(prompt);

  private ScriptedModelEndpoint(HttpServer server) {
    this.server = server;
  }

  public static ScriptedModelEndpoint start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ScriptedModelEndpoint endpoint = new ScriptedModelEndpoint(server);
      server.createContext("/", endpoint::answer);
      // Each call on its own thread: a held-back answer must not hold the others.
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.start();
      return endpoint;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next {@code count} calls answer only after {@code delay}. */
  public void holdNext(int count, Duration delay) {
    delayMs.set(delay.toMillis());
    delayedCalls.set(count);
  }

  /** From now on each call answers {@code responder}'s text for its last user message (whole, not cut). */
  public void answerWith(Function<String, String> responder) {
    this.responder = responder;
  }

  public int calls() {
    return calls.get();
  }

  /** Calls whose last user message contains {@code text}. */
  public int callsFor(String text) {
    return callsByPrompt.entrySet().stream().filter(e -> e.getKey().contains(text))
        .mapToInt(e -> e.getValue().get()).sum();
  }

  /** Prompts (last user messages) asked more than once: each is a call paid again. */
  public Map<String, Integer> repeatedPrompts() {
    Map<String, Integer> repeated = new ConcurrentHashMap<>();
    callsByPrompt.forEach((prompt, n) -> {
      if (n.get() > 1) {
        repeated.put(prompt, n.get());
      }
    });
    return repeated;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** A model registry whose one model ({@code modelId}, family {@code scripted-http}) is this endpoint. */
  public Path writeModels(Path dir, String modelId) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("models.yaml");
      Files.writeString(file, """
          models:
            - id: %s
              provider: openai
              model: scripted-http-1
              baseUrl: %s
              family: scripted-http
              inputPricePerMillion: 3.0
              outputPricePerMillion: 15.0
              concurrency: 8
              timeout: 60s
          """.formatted(modelId, baseUrl()));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode request = JSON.readTree(exchange.getRequestBody());
      String whole = lastUserMessage(request);
      String prompt = cut(whole);
      calls.incrementAndGet();
      prompts.add(prompt);
      callsByPrompt.computeIfAbsent(prompt, p -> new AtomicInteger()).incrementAndGet();
      if (delayedCalls.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        try {
          Thread.sleep(delayMs.get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      ObjectNode body = JSON.createObjectNode();
      body.put("id", "chatcmpl-" + calls.get());
      body.put("object", "chat.completion");
      body.put("created", 1767225600);
      body.put("model", request.path("model").asText("scripted-http-1"));
      ObjectNode choice = body.putArray("choices").addObject();
      choice.put("index", 0);
      choice.putObject("message").put("role", "assistant").put("content", responder.apply(whole));
      choice.put("finish_reason", "stop");
      body.putObject("usage").put("prompt_tokens", PROMPT_TOKENS).put("completion_tokens", COMPLETION_TOKENS)
          .put("total_tokens", PROMPT_TOKENS + COMPLETION_TOKENS);
      byte[] bytes = JSON.writeValueAsBytes(body);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static String lastUserMessage(JsonNode request) {
    String last = "";
    for (JsonNode message : request.path("messages")) {
      if ("user".equals(message.path("role").asText())) {
        JsonNode content = message.path("content");
        last = content.isTextual() ? content.asText() : content.toString();
      }
    }
    return last;
  }

  /** Prompts are counted, and echoed, by their first 2000 characters. */
  private static String cut(String prompt) {
    return prompt.length() > 2000 ? prompt.substring(0, 2000) : prompt;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
