package dev.orkestra.retriever.rerank;

import dev.langchain4j.data.message.ChatMessage;
import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.models.ModelCall;
import dev.orkestra.models.ModelCallException;
import dev.orkestra.models.ModelConfigException;
import dev.orkestra.retriever.RetrieverProvider;
import dev.orkestra.runtime.ModelCaller;
import dev.orkestra.runtime.ModelReply;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retriever model's calls for one request. Each goes through the request's {@link ModelCaller}
 * ({@code RoleRequest.callModel}: journaled in the action log, paid once across retries and
 * restarts, named {@code model-1}, {@code model-2}, … in call order), and the usage of every call
 * that answered is kept for {@code RetrievalCompleted.usage}. A model that fails (provider error,
 * its timeout, a missing key) costs the question nothing but the model's help: the step is skipped
 * and the log says why. What is not the model's failure — the attempt interrupted, an answer that
 * could not be journaled, a request already handled — is thrown on.
 */
public final class ModelStep {

  private static final Logger log = LoggerFactory.getLogger(ModelStep.class);

  private final ModelCaller caller;
  private final String modelId;
  private final String queryId;
  private final List<ModelUsage> usage = new CopyOnWriteArrayList<>();

  /** @param queryId names the request in log lines */
  public ModelStep(ModelCaller caller, String modelId, String queryId) {
    this.caller = caller;
    this.modelId = modelId;
    this.queryId = queryId;
  }

  /** The model's answer, or empty when the call failed (logged as {@code what} skipped). */
  Optional<String> ask(String what, List<ChatMessage> messages) throws Exception {
    ModelReply reply;
    try {
      reply = caller.call(new ModelCall(modelId, RetrieverProvider.ROLE, messages));
    } catch (ModelCallException | ModelConfigException e) {
      if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) {
        throw e;
      }
      log.warn("retriever {}: {} skipped: model '{}' failed: {}", queryId, what, modelId, e.getMessage());
      return Optional.empty();
    }
    usage.add(reply.usage());
    return Optional.of(reply.text() == null ? "" : reply.text());
  }

  /** Logs why a reply was not used; the step then keeps what search found. */
  void unusable(String what, String why) {
    log.info("retriever {}: {} reply of model '{}' not used: {}", queryId, what, modelId, why);
  }

  /** What every call that answered cost, in call order. */
  public List<ModelUsage> usage() {
    return List.copyOf(usage);
  }
}
