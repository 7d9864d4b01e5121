package dev.orkestra.retriever.rerank;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * The JSON in a model's reply, however it is wrapped: bare, in a code fence ({@code ```json}), or
 * after a sentence of prose. The first object or array that parses wins; text after it is ignored.
 */
final class ReplyJson {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Starts tried, and characters read, before giving up: a reply is short, a hostile one need not be read to its end. */
  private static final int MAX_STARTS = 50;
  private static final int MAX_CHARS = 20_000;

  private ReplyJson() {}

  static Optional<JsonNode> first(String reply) {
    if (reply == null) {
      return Optional.empty();
    }
    String text = reply.length() > MAX_CHARS ? reply.substring(0, MAX_CHARS) : reply;
    int tried = 0;
    for (int i = 0; i < text.length() && tried < MAX_STARTS; i++) {
      char c = text.charAt(i);
      if (c != '{' && c != '[') {
        continue;
      }
      tried++;
      Optional<JsonNode> value = valueAt(text, i);
      if (value.isPresent()) {
        return value;
      }
    }
    return Optional.empty();
  }

  private static Optional<JsonNode> valueAt(String reply, int start) {
    try (JsonParser parser = JSON.createParser(reply.substring(start))) {
      return Optional.ofNullable(parser.readValueAsTree());
    } catch (IOException e) { // not JSON from here: the next start may be
      return Optional.empty();
    }
  }
}
