package dev.orkestra.models;

import dev.langchain4j.model.chat.response.ChatResponse;

/**
 * The answer of one model call.
 *
 * @param text     the response text ({@code ""} when the model returned none, e.g. only tool calls)
 * @param response langchain4j's full response, for finish reason, tool calls and metadata
 */
public record ModelCallResult(String text, Usage usage, ChatResponse response) {
}
