package dev.orkestra.retriever.embed;

import java.util.List;

/**
 * The text a chunk is embedded as: its path and declared names (what the code is about, in the
 * words questions use) followed by the start of its code. Capped because all-MiniLM-L6-v2 was trained
 * on 256 word pieces (longer input is split and averaged by the encoder, costing time and blurring the
 * vector), and code takes about one word piece per three or four characters.
 */
public final class EmbeddingInput {

  public static final int MAX_CHARS = 1000;

  private EmbeddingInput() {}

  public static String of(String path, List<String> symbols, String text) {
    StringBuilder input = new StringBuilder(path);
    if (!symbols.isEmpty()) {
      input.append('\n').append(String.join(", ", symbols));
    }
    input.append('\n').append(squeeze(text));
    return input.length() > MAX_CHARS ? input.substring(0, MAX_CHARS) : input.toString();
  }

  /** Runs of whitespace are one space: indentation is most of a code line's characters and none of its meaning. */
  static String squeeze(String text) {
    return text.replaceAll("[ \\t]+", " ").replaceAll("\\n\\s*\\n+", "\n");
  }
}
