package dev.orkestra.models;

import dev.langchain4j.data.message.ChatMessage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured models and the one way to call them. Every call goes through the model's concurrency limit
 * and timeout and reports tokens and cost. Chat models are built on first use and reused. Thread-safe.
 */
public final class ModelRegistry {

  private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

  private final Map<String, ModelSlot> slots = new LinkedHashMap<>();
  private final ApiKeys keys;

  /**
   * @param env     environment lookup for API keys (normally {@code System::getenv})
   * @param factory builds the chat model of a spec; {@link ProviderChatModelFactory} for real providers
   */
  public ModelRegistry(List<ModelSpec> specs, Function<String, String> env, ChatModelFactory factory) {
    this.keys = new ApiKeys(env);
    for (ModelSpec spec : specs) {
      if (slots.putIfAbsent(spec.id(), new ModelSlot(spec, factory, keys)) != null) {
        throw new ModelConfigException(spec.id(), "id", "is a duplicate");
      }
    }
  }

  /** Loads the YAML file and reads keys from the process environment. */
  public static ModelRegistry load(Path yaml) {
    return load(yaml, System::getenv);
  }

  /** @throws ModelConfigException when the file is invalid (names the model and field) */
  public static ModelRegistry load(Path yaml, Function<String, String> env) {
    ModelRegistry registry = new ModelRegistry(ModelConfigLoader.load(yaml), env, new ProviderChatModelFactory(env));
    log.info("Loaded {} models from {}", registry.slots.size(), yaml);
    for (ModelSpec spec : registry.models()) {
      log.info("  {}: {} {} (family {}){}", spec.id(), spec.provider().id(), spec.model(), spec.family(),
          registry.keyPresent(spec) ? "" : ", key missing: " + spec.apiKeyEnv() + " is not set");
    }
    return registry;
  }

  /** All models, in file order. */
  public List<ModelSpec> models() {
    return slots.values().stream().map(ModelSlot::spec).toList();
  }

  public Optional<ModelSpec> find(String modelId) {
    return Optional.ofNullable(slots.get(modelId)).map(ModelSlot::spec);
  }

  /** @throws IllegalArgumentException for an unknown id */
  public ModelSpec model(String modelId) {
    return slot(modelId).spec();
  }

  /** True when the model needs no key or its environment variable is set. Never reveals the key. */
  public boolean keyPresent(ModelSpec spec) {
    return keys.present(spec);
  }

  /**
   * Calls a model, waiting for a free slot when its concurrency limit is reached.
   *
   * @throws IllegalArgumentException for an unknown model id
   * @throws MissingApiKeyException   when the model's key is not in the environment
   * @throws ModelTimeoutException    when the model does not answer within its timeout
   * @throws ModelCallException       when the provider call fails or the caller is interrupted
   */
  public ModelCallResult call(ModelCall call) {
    return slot(call.modelId()).call(call.role(), call.messages());
  }

  public ModelCallResult call(String modelId, String role, List<ChatMessage> messages) {
    return call(new ModelCall(modelId, role, messages));
  }

  /** Calls waiting for a free slot of this model right now (an estimate, for monitoring and tests). */
  public int queuedCalls(String modelId) {
    return slot(modelId).queuedCalls();
  }

  /** Calls of this model currently holding a slot. */
  public int activeCalls(String modelId) {
    return slot(modelId).activeCalls();
  }

  @Override
  public String toString() {
    return "ModelRegistry" + slots.keySet();
  }

  private ModelSlot slot(String modelId) {
    ModelSlot slot = slots.get(modelId);
    if (slot == null) {
      throw new IllegalArgumentException("Unknown model id '" + modelId + "' (known: " + slots.keySet() + ")");
    }
    return slot;
  }
}
