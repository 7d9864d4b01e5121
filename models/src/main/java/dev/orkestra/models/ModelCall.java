package dev.orkestra.models;

import dev.langchain4j.data.message.ChatMessage;
import java.util.List;
import java.util.Objects;

/**
 * One request to the registry.
 *
 * @param role the role making the call (e.g. "coach"); scripted models choose their answer by it
 */
public record ModelCall(String modelId, String role, List<ChatMessage> messages) {

  public ModelCall {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(role, "role");
    messages = List.copyOf(messages);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("A model call needs at least one message");
    }
  }
}
