package dev.orkestra.models;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link ChatModel} that answers from a {@link ChatScript}: deterministic, free and offline, for tests and
 * demos. The calling role is read from {@link ModelCallContext#ROLE}; without one, only {@code *} entries apply.
 */
public final class ScriptedChatModel implements ChatModel {

  private static final int PROMPT_PREVIEW_CHARS = 80;

  private final String modelName;
  private final ChatScript script;

  public ScriptedChatModel(String modelName, ChatScript script) {
    this.modelName = Objects.requireNonNull(modelName, "modelName");
    this.script = Objects.requireNonNull(script, "script");
  }

  public static ScriptedChatModel fromFile(String modelName, Path scriptFile) {
    return new ScriptedChatModel(modelName, ChatScript.load(scriptFile));
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    List<ChatMessage> messages = request.messages();
    String role = ModelCallContext.currentRole().orElse(null);
    String prompt = UserMessage.findLast(messages).map(TokenEstimator::textOf).orElse("");
    ScriptEntry entry = script.find(role, prompt).orElseThrow(() -> new IllegalStateException(
        "Scripted model '" + modelName + "' (" + script.source() + "): no entry matches role '" + role
            + "' and prompt \"" + preview(prompt) + "\""));

    boolean estimated = entry.inputTokens() == null || entry.outputTokens() == null;
    int input = entry.inputTokens() != null ? entry.inputTokens() : TokenEstimator.estimate(messages);
    int output = entry.outputTokens() != null ? entry.outputTokens() : TokenEstimator.estimate(entry.response());
    AiMessage answer = AiMessage.builder()
        .text(entry.response())
        .attributes(Map.of(TokenEstimator.ESTIMATED_ATTRIBUTE, estimated))
        .build();
    return ChatResponse.builder()
        .aiMessage(answer)
        .modelName(modelName)
        .tokenUsage(new TokenUsage(input, output))
        .finishReason(FinishReason.STOP)
        .build();
  }

  @Override
  public ModelProvider provider() {
    return ModelProvider.OTHER;
  }

  @Override
  public String toString() {
    return "ScriptedChatModel[" + modelName + ", " + script.source() + "]";
  }

  private static String preview(String prompt) {
    return prompt.length() <= PROMPT_PREVIEW_CHARS ? prompt : prompt.substring(0, PROMPT_PREVIEW_CHARS) + "…";
  }
}
