package dev.orkestra.models;

import java.util.Optional;

/**
 * Per-call context that langchain4j's {@code ChatRequest} has no place for. {@code ChatModel.chat} rebuilds the
 * request before {@code doChat}, so extra data cannot ride on it; a scoped value bound around the call reaches
 * {@code doChat} on the same thread instead. The registry binds it for every call.
 */
public final class ModelCallContext {

  /** The role (e.g. "coach", "reviewer") on whose behalf the model is called. */
  public static final ScopedValue<String> ROLE = ScopedValue.newInstance();

  private ModelCallContext() {
  }

  public static Optional<String> currentRole() {
    return ROLE.isBound() ? Optional.ofNullable(ROLE.get()) : Optional.empty();
  }
}
