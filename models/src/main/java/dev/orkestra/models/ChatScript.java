package dev.orkestra.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The ordered entries of a scripted model, read from a YAML list of
 * {@code {role, match, response, inputTokens?, outputTokens?}}. The first matching entry wins.
 */
public final class ChatScript {

  private static final ObjectMapper YAML = YAMLMapper.builder().build();

  record RawEntry(String role, String match, String response, Integer inputTokens, Integer outputTokens) {
  }

  private final Path source;
  private final List<ScriptEntry> entries;

  public ChatScript(Path source, List<ScriptEntry> entries) {
    this.source = source;
    this.entries = List.copyOf(entries);
  }

  /**
   * @throws ModelConfigException when the file is not a valid script (names the file and the entry)
   * @throws UncheckedIOException when it cannot be read
   */
  public static ChatScript load(Path file) {
    List<RawEntry> raw;
    try {
      raw = YAML.readValue(file.toFile(), new TypeReference<List<RawEntry>>() { });
    } catch (JsonProcessingException e) {
      throw new ModelConfigException(file.toString(), "script", "is not a list of script entries: "
          + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read model script " + file, e);
    }
    if (raw == null) {
      raw = List.of();
    }
    List<ScriptEntry> entries = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      entries.add(toEntry(file, i, raw.get(i)));
    }
    return new ChatScript(file, entries);
  }

  public Optional<ScriptEntry> find(String role, String lastUserText) {
    return entries.stream().filter(e -> e.matches(role, lastUserText)).findFirst();
  }

  public Path source() {
    return source;
  }

  public List<ScriptEntry> entries() {
    return entries;
  }

  private static ScriptEntry toEntry(Path file, int index, RawEntry raw) {
    String ref = file + " entry " + index;
    if (raw == null || raw.response() == null) {
      throw new ModelConfigException(ref, "response", "is required");
    }
    if (isNegative(raw.inputTokens()) || isNegative(raw.outputTokens())) {
      throw new ModelConfigException(ref, "inputTokens/outputTokens", "must not be negative");
    }
    Pattern pattern;
    try {
      // No match means "any prompt": the empty pattern is found in every text.
      pattern = Pattern.compile(raw.match() == null ? "" : raw.match());
    } catch (PatternSyntaxException e) {
      throw new ModelConfigException(ref, "match", "is not a valid regular expression: " + e.getDescription(), e);
    }
    String role = raw.role() == null ? ScriptEntry.ANY_ROLE : raw.role();
    return new ScriptEntry(role, pattern, raw.response(), raw.inputTokens(), raw.outputTokens());
  }

  private static boolean isNegative(Integer n) {
    return n != null && n < 0;
  }
}
