package dev.orkestra.models;

import dev.langchain4j.model.chat.ChatModel;

/** Builds the chat model behind a spec. The registry calls it once per model id, on first use. */
@FunctionalInterface
public interface ChatModelFactory {

  /**
   * @throws MissingApiKeyException when the model's key is not in the environment
   * @throws ModelConfigException   when the spec cannot be turned into a working model (e.g. a broken script)
   */
  ChatModel create(ModelSpec spec);
}
