package dev.orkestra.planner.reply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON object in a model's reply. Models wrap it in code fences, put prose before or after it,
 * or both; some add trailing commas or comments. A reply is read only up to a bound, and nesting is
 * capped, so a hostile or runaway reply costs a bounded amount of work and says what was wrong.
 */
public final class ReplyJson {

  /** Longer replies are read only this far: a plan or a review is a few thousand characters. */
  public static final int MAX_REPLY_CHARS = 200_000;
  // Candidate objects tried per reply: prose with braces ("use {x}") must not hide the JSON, nor cost unbounded parsing.
  private static final int MAX_CANDIDATES = 32;
  private static final Pattern FENCE = Pattern.compile("(?s)(`{3,}|~{3,})[ \\t]*[A-Za-z0-9_-]*[ \\t]*\\r?\\n(.*?)\\1");

  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_JAVA_COMMENTS,
          JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
      .build();

  static {
    JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
  }

  /** An object found, or why there is none (a sentence the model can act on in a repair round). */
  public sealed interface Found {
    record Object(ObjectNode json) implements Found {}

    record Missing(String problem) implements Found {}
  }

  private ReplyJson() {}

  public static Found objectIn(String reply) {
    if (reply == null || reply.isBlank()) {
      return new Found.Missing("the reply is empty");
    }
    String text = reply.length() > MAX_REPLY_CHARS ? reply.substring(0, MAX_REPLY_CHARS) : reply;
    String cut = reply.length() > MAX_REPLY_CHARS
        ? " (the reply is " + reply.length() + " characters; only the first " + MAX_REPLY_CHARS + " were read)" : "";
    String firstError = null;
    for (String candidate : candidates(text)) {
      try {
        JsonNode node = JSON.readTree(candidate);
        if (node instanceof ObjectNode object) {
          return new Found.Object(object);
        }
      } catch (JsonProcessingException e) {
        if (firstError == null) {
          firstError = e.getOriginalMessage();
        }
      }
    }
    return new Found.Missing(firstError == null
        ? "the reply holds no JSON object" + cut
        : "the JSON in the reply does not parse: " + firstError + cut);
  }

  /** Fenced blocks first (where models are asked to put it), then every balanced {...} span in order. */
  private static List<String> candidates(String text) {
    List<String> candidates = new ArrayList<>();
    Matcher fence = FENCE.matcher(text);
    while (fence.find() && candidates.size() < MAX_CANDIDATES) {
      String body = fence.group(2).strip();
      if (body.startsWith("{")) {
        candidates.add(body);
      }
    }
    for (int start = text.indexOf('{'); start >= 0 && candidates.size() < MAX_CANDIDATES;
        start = text.indexOf('{', start + 1)) {
      int end = closingBrace(text, start);
      if (end > 0) {
        candidates.add(text.substring(start, end + 1));
        start = end;
      }
    }
    return candidates;
  }

  /** The index of the brace that closes the one at {@code start}, skipping strings; -1 when it never closes. */
  private static int closingBrace(String text, int start) {
    int depth = 0;
    boolean inString = false;
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }
}
