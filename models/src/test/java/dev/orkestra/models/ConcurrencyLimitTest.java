package dev.orkestra.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitTest {

  private final ExecutorService callers = Executors.newFixedThreadPool(2);

  @AfterEach
  void stopCallers() {
    callers.shutdownNow();
  }

  @Test
  void secondCallWaitsWhileTheOnlySlotIsTaken() {
    BlockingModel model = new BlockingModel();
    ModelRegistry registry = registryWith(model, 1, Duration.ofSeconds(30));

    CompletableFuture<ModelCallResult> first = CompletableFuture.supplyAsync(() -> call(registry), callers);
    await().until(() -> model.running.get() == 1);
    CompletableFuture<ModelCallResult> second = CompletableFuture.supplyAsync(() -> call(registry), callers);
    await().until(() -> registry.queuedCalls("slow") == 1);

    assertThat(model.started).hasValue(1);
    assertThat(registry.activeCalls("slow")).isEqualTo(1);
    assertThat(second).isNotDone();

    model.release.countDown();

    assertThat(first.join().text()).isEqualTo("done");
    assertThat(second.join().text()).isEqualTo("done");
    assertThat(model.started).hasValue(2);
    assertThat(model.maxRunning).hasValue(1);
    assertThat(registry.activeCalls("slow")).isZero();
  }

  @Test
  void usageIsEstimatedWhenTheProviderReportsNone() {
    BlockingModel model = new BlockingModel();
    model.release.countDown();
    ModelRegistry registry = registryWith(model, 1, Duration.ofSeconds(30));

    Usage usage = call(registry).usage();

    // "please finish" = 13 chars -> 4 tokens; "done" = 4 chars -> 1 token; prices 1.0 and 2.0 per million
    assertThat(usage.inputTokens()).isEqualTo(4);
    assertThat(usage.outputTokens()).isEqualTo(1);
    assertThat(usage.costUsd()).isEqualTo(0.000006);
    assertThat(usage.estimated()).isTrue();
  }

  @Test
  void callThatOutlivesItsTimeoutFailsAndFreesItsSlotWhenCancelled() {
    BlockingModel model = new BlockingModel();
    ModelRegistry registry = registryWith(model, 1, Duration.ofMillis(200));

    assertThatThrownBy(() -> call(registry))
        .isInstanceOf(ModelTimeoutException.class)
        .hasMessageContaining("'slow'")
        .hasMessageContaining("PT0.2S");
    await().until(() -> registry.activeCalls("slow") == 0);
    assertThat(model.interrupted).hasValue(1);
  }

  private static ModelCallResult call(ModelRegistry registry) {
    return registry.call("slow", "tester", List.of(UserMessage.from("please finish")));
  }

  private static ModelRegistry registryWith(ChatModel model, int concurrency, Duration timeout) {
    ModelSpec spec = new ModelSpec("slow", Provider.OLLAMA, "slow-1", null, null, "llama",
        1.0, 2.0, concurrency, timeout, null);
    return new ModelRegistry(List.of(spec), Map.<String, String>of()::get, s -> model);
  }

  /** Answers only once released; counts how many calls run at the same time. Reports no token usage. */
  private static final class BlockingModel implements ChatModel {
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    final AtomicInteger interrupted = new AtomicInteger();

    @Override
    public ChatResponse doChat(ChatRequest request) {
      started.incrementAndGet();
      maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        release.await();
        return ChatResponse.builder().aiMessage(AiMessage.from("done")).build();
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
        throw new IllegalStateException("cancelled", e);
      } finally {
        running.decrementAndGet();
      }
    }
  }
}
