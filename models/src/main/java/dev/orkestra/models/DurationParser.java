package dev.orkestra.models;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses timeouts written either as ISO-8601 ({@code PT30S}) or in the short form people type ({@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}). */
public final class DurationParser {

  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  private DurationParser() {
  }

  /** @throws IllegalArgumentException when the text is neither form */
  public static Duration parse(String text) {
    String trimmed = text.trim();
    if (trimmed.regionMatches(true, 0, "P", 0, 1)) {
      try {
        return Duration.parse(trimmed.toUpperCase());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration", e);
      }
    }
    Matcher m = SHORT.matcher(trimmed.toLowerCase());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration; use e.g. 30s, 500ms, 2m, 1h or ISO-8601 PT30S");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }
}
