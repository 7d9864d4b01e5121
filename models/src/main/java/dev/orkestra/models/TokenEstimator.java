package dev.orkestra.models;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Rough token counts (one token per four characters, rounded up) for when a provider reports none, so every
 * call still carries a cost. Results computed this way are flagged as estimated.
 */
public final class TokenEstimator {

  /** Set to {@code true} on an {@link AiMessage} whose token usage was estimated by the model itself. */
  public static final String ESTIMATED_ATTRIBUTE = "orkestra.tokensEstimated";

  private TokenEstimator() {
  }

  public static int estimate(String text) {
    return text == null ? 0 : ceilQuarter(text.length());
  }

  /** Estimates the prompt as a whole: characters of all messages summed, then divided. */
  public static int estimate(List<ChatMessage> messages) {
    long chars = messages.stream().mapToLong(m -> textOf(m).length()).sum();
    return ceilQuarter(chars);
  }

  /** The text a message contributes to a prompt; non-text parts (images, tool calls) count as empty. */
  public static String textOf(ChatMessage message) {
    String text = switch (message) {
      case SystemMessage m -> m.text();
      case UserMessage m -> m.contents().stream()
          .filter(TextContent.class::isInstance)
          .map(c -> ((TextContent) c).text())
          .collect(Collectors.joining("\n"));
      case AiMessage m -> m.text();
      case ToolExecutionResultMessage m -> m.text();
      default -> "";
    };
    return text == null ? "" : text;
  }

  private static int ceilQuarter(long chars) {
    return (int) Math.ceilDiv(chars, 4L);
  }
}
