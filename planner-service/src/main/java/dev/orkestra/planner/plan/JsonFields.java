package dev.orkestra.planner.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lenient reading of the JSON models write: a field is found whatever its spelling
 * ({@code files_to_read}, {@code filesToRead}, {@code Files-To-Read}), a list may be one string, a
 * number may be {@code "90%"} or {@code "9/10"}. Texts and lists are bounded, so a runaway reply
 * cannot make a record too large for Kafka.
 */
public final class JsonFields {

  public static final int MAX_TEXT_CHARS = 4_000;
  public static final int MAX_LIST_ITEMS = 100;
  private static final Pattern NUMBER = Pattern.compile("^\\s*(-?\\d+(?:\\.\\d+)?)");
  // Objects in a list of texts: the field that holds the text, in the order models use them.
  private static final List<String> TEXT_FIELDS = List.of("description", "text", "message", "issue", "change",
      "name", "title", "summary");

  private JsonFields() {}

  /** The first of {@code names} that {@code object} has, spelled any way; a missing node otherwise. */
  public static JsonNode field(JsonNode object, String... names) {
    if (object == null || !object.isObject()) {
      return MissingNode.getInstance();
    }
    for (String name : names) {
      String wanted = normalized(name);
      for (Map.Entry<String, JsonNode> entry : object.properties()) {
        if (normalized(entry.getKey()).equals(wanted) && !entry.getValue().isNull()) {
          return entry.getValue();
        }
      }
    }
    return MissingNode.getInstance();
  }

  public static boolean present(JsonNode node) {
    return node != null && !node.isMissingNode() && !node.isNull();
  }

  /** The node as text, bounded; {@code null} when absent or blank. An object or array is its JSON. */
  public static String text(JsonNode node) {
    if (!present(node)) {
      return null;
    }
    String text = node.isValueNode() ? node.asText() : node.toString();
    text = text.strip();
    if (text.isEmpty()) {
      return null;
    }
    return text.length() <= MAX_TEXT_CHARS ? text : text.substring(0, MAX_TEXT_CHARS) + " [cut]";
  }

  /** A list of texts: an array (objects give their description/text/message), one string, or nothing. */
  public static List<String> texts(JsonNode node) {
    List<String> texts = new ArrayList<>();
    if (!present(node)) {
      return texts;
    }
    Iterable<JsonNode> items = node.isArray() ? node : List.of(node);
    for (JsonNode item : items) {
      if (texts.size() >= MAX_LIST_ITEMS) {
        break;
      }
      String text = item.isObject() ? objectText(item) : text(item);
      if (text != null) {
        texts.add(text);
      }
    }
    return texts;
  }

  /** true/false, "yes"/"no", 1/0; {@code null} when absent or something else. */
  public static Boolean bool(JsonNode node) {
    if (!present(node)) {
      return null;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNumber()) {
      return node.asDouble() != 0;
    }
    return switch (node.asText().strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "y", "required" -> true;
      case "false", "no", "n", "none" -> false;
      default -> null;
    };
  }

  /** The leading number of a value: 90, "90%", "9/10" and "8.5" all read; {@code null} otherwise. */
  public static Double number(JsonNode node) {
    if (!present(node)) {
      return null;
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    Matcher matcher = NUMBER.matcher(node.asText());
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : null;
  }

  /** Lower case, letters and digits only: how field names and vocabulary words are compared. */
  public static String normalized(String word) {
    return word.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  private static String objectText(JsonNode object) {
    for (String name : TEXT_FIELDS) {
      String text = text(field(object, name));
      if (text != null) {
        return text;
      }
    }
    return text(object);
  }
}
