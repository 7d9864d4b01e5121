package dev.orkestra.retriever.embed;

import java.util.List;

/**
 * The text a chunk is embedded as: its path and declared names (what the code is about, in the
 * words questions use) followed by the start of its code. Capped at 1000 characters for models
 * that read long inputs (e5-small-v2's tokenizer does not truncate); all-MiniLM-L6-v2 as packaged
 * reads only the first 128 word pieces of it (its tokenizer truncates and pads to 128), which is
 * why the path and names come first.
 */
public final class EmbeddingInput {

  /** Changes whenever the text built here changes: indexes embedded from another version are rebuilt. */
  public static final int VERSION = 2;
  public static final int MAX_CHARS = 1000;
  /**
   * Brackets, operators and quotes: a word piece each, and no meaning a sentence embedding can use;
   * without them more of the code's words fit in what the model reads (tuning-half MRR summed over
   * the four corpora 2.917 -> 2.930, docs/retrieval.md).
   */
  static final String PUNCTUATION = "[{}()\\[\\];,<>=+*&|!:\"'`]+";

  private EmbeddingInput() {}

  public static String of(String path, List<String> symbols, String text) {
    StringBuilder input = new StringBuilder(path);
    if (!symbols.isEmpty()) {
      input.append('\n').append(String.join(", ", symbols));
    }
    input.append('\n').append(squeeze(text));
    return input.length() > MAX_CHARS ? input.substring(0, MAX_CHARS) : input.toString();
  }

  /** Punctuation goes, runs of whitespace are one space: indentation is most of a code line's characters and none of its meaning. */
  static String squeeze(String text) {
    return text.replaceAll(PUNCTUATION, " ").replaceAll("[ \\t]+", " ").replaceAll("\\n\\s*\\n+", "\n");
  }
}
