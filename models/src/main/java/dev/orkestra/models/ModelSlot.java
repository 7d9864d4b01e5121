package dev.orkestra.models;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call path of one configured model: builds its chat model on first use, limits concurrent calls with a
 * fair semaphore, bounds each call by the model's timeout and turns the response into text plus {@link Usage}.
 */
final class ModelSlot {

  private static final Logger log = LoggerFactory.getLogger(ModelSlot.class);

  private final ModelSpec spec;
  private final ChatModelFactory factory;
  private final ApiKeys keys;
  // Fair, so calls are served in arrival order and none starves behind later ones.
  private final Semaphore permits;
  private ChatModel model; // guarded by this

  ModelSlot(ModelSpec spec, ChatModelFactory factory, ApiKeys keys) {
    this.spec = spec;
    this.factory = factory;
    this.keys = keys;
    this.permits = new Semaphore(spec.concurrency(), true);
  }

  ModelSpec spec() {
    return spec;
  }

  int queuedCalls() {
    return permits.getQueueLength();
  }

  int activeCalls() {
    return spec.concurrency() - permits.availablePermits();
  }

  /** Not cached when building fails, so a key exported later is picked up by the next call. */
  synchronized ChatModel chatModel() {
    if (model == null) {
      model = factory.create(spec);
      log.debug("Built chat model for '{}' ({} {})", spec.id(), spec.provider().id(), spec.model());
    }
    return model;
  }

  ModelCallResult call(String role, List<ChatMessage> messages) {
    ChatModel chatModel = chatModel();
    acquirePermit(role);
    long start = System.nanoTime();
    ChatRequest request = ChatRequest.builder().messages(messages).build();
    FutureTask<ChatResponse> task = new FutureTask<>(
        () -> ScopedValue.where(ModelCallContext.ROLE, role).call(() -> chatModel.chat(request)));
    startReleasingPermit(task);
    ChatResponse response = await(task, role);
    long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    ModelCallResult result = toResult(response, messages, latencyMs);
    Usage u = result.usage();
    log.debug("Model '{}' answered role '{}': {} in / {} out tokens{}, ${}, {} ms", spec.id(), role,
        u.inputTokens(), u.outputTokens(), u.estimated() ? " (estimated)" : "", u.costUsd(), u.latencyMs());
    return result;
  }

  private void acquirePermit(String role) {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelCallException(spec.id(), role,
          "Interrupted while waiting for a free slot of model '" + spec.id() + "'", e);
    }
  }

  /**
   * Runs the call on its own virtual thread so the caller can stop waiting at the timeout. The permit is
   * released when the call really ends, not when the caller gives up: a provider request still in flight
   * after a timeout keeps counting against the model's limit.
   */
  private void startReleasingPermit(FutureTask<ChatResponse> task) {
    try {
      Thread.ofVirtual().name("model-call-" + spec.id()).start(() -> {
        try {
          task.run();
        } finally {
          permits.release();
        }
      });
    } catch (RuntimeException | Error e) {
      permits.release();
      throw e;
    }
  }

  private ChatResponse await(FutureTask<ChatResponse> task, String role) {
    try {
      return task.get(spec.timeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      task.cancel(true);
      throw new ModelTimeoutException(spec.id(), role, spec.timeout());
    } catch (InterruptedException e) {
      task.cancel(true);
      Thread.currentThread().interrupt();
      throw new ModelCallException(spec.id(), role, "Interrupted while calling model '" + spec.id() + "'", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String detail = cause.getClass().getSimpleName() + ": " + keys.redact(spec, cause.getMessage());
      throw new ModelCallException(spec.id(), role, "Model '" + spec.id() + "' (" + spec.provider().id()
          + ") failed for role '" + role + "': " + detail, cause);
    }
  }

  private ModelCallResult toResult(ChatResponse response, List<ChatMessage> messages, long latencyMs) {
    AiMessage answer = response.aiMessage();
    String text = answer == null || answer.text() == null ? "" : answer.text();
    TokenUsage reported = response.tokenUsage();
    Integer input = reported == null ? null : reported.inputTokenCount();
    Integer output = reported == null ? null : reported.outputTokenCount();
    boolean estimated = input == null || output == null || estimatedByModel(answer);
    long inputTokens = input != null ? input : TokenEstimator.estimate(messages);
    long outputTokens = output != null ? output : TokenEstimator.estimate(text);
    Usage usage = new Usage(spec.id(), spec.provider().id(), inputTokens, outputTokens,
        CostCalculator.costUsd(spec, inputTokens, outputTokens), latencyMs, estimated);
    return new ModelCallResult(text, usage, response);
  }

  private static boolean estimatedByModel(AiMessage answer) {
    return answer != null && answer.attributes() != null
        && Boolean.TRUE.equals(answer.attributes().get(TokenEstimator.ESTIMATED_ATTRIBUTE));
  }
}
