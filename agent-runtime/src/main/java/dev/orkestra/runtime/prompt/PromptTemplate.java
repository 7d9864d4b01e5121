package dev.orkestra.runtime.prompt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt kept as a resource beside the code that fills it, with {@code {{name}}} placeholders.
 * Values are inserted in one pass, so a value that itself contains {@code {{x}}} (a file, a model's
 * previous reply) is never expanded; a placeholder without a value, or a value without a
 * placeholder, is a bug and fails loudly.
 */
public final class PromptTemplate {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");

  private final String name;
  private final String text;

  private PromptTemplate(String name, String text) {
    this.name = name;
    this.text = text;
  }

  /** The resource {@code resource} next to {@code owner}'s package. */
  public static PromptTemplate load(Class<?> owner, String resource) {
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("prompt template " + resource + " is missing next to " + owner.getName());
      }
      return new PromptTemplate(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String fill(Map<String, String> values) {
    Set<String> unused = new LinkedHashSet<>(values.keySet());
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String key = matcher.group(1);
      String value = values.get(key);
      if (value == null) {
        throw new IllegalArgumentException("prompt template " + name + " needs a value for {{" + key + "}}");
      }
      unused.remove(key);
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    if (!unused.isEmpty()) {
      throw new IllegalArgumentException("prompt template " + name + " has no place for " + unused);
    }
    return out.toString();
  }

  /** The template as written, for a prompt without placeholders (a system message). */
  public String text() {
    return text;
  }
}
