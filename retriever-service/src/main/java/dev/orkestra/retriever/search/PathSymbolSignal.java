package dev.orkestra.retriever.search;

import java.util.List;
import java.util.Set;

/**
 * Does the question name this chunk's file or what it declares? People ask "where is
 * authentication implemented" and mean {@code auth.py}; they ask about "the date type adapter" and
 * mean {@code DateTypeAdapter}. Both signals are the idf-weighted share of the question's words that
 * match a path segment or a declared symbol, where a match may be a prefix either way once both
 * are four letters or longer ("auth" ~ "authent", the stem of "authentication").
 */
public final class PathSymbolSignal {

  static final int MIN_PREFIX = 4;

  private PathSymbolSignal() {}

  /** Weighted share in [0, 1] of {@code words} matching one of {@code tokens}. */
  public static double share(List<QueryWord> words, double[] weights, Set<String> tokens) {
    double total = 0;
    double matched = 0;
    for (int i = 0; i < words.size(); i++) {
      total += weights[i];
      if (matches(words.get(i), tokens)) {
        matched += weights[i];
      }
    }
    return total == 0 ? 0 : matched / total;
  }

  /**
   * A simple word matches a token equal to it or sharing a prefix with it; a compound word
   * ({@code JsonSerializer}) matches its whole form, or else every one of its parts — never through a
   * prefix of its whole, or the path segment "json" would match every "Json…" word.
   */
  static boolean matches(QueryWord word, Set<String> tokens) {
    if (tokens.contains(word.whole())) {
      return true;
    }
    if (word.parts().isEmpty()) {
      return tokens.stream().anyMatch(token -> prefixOfEachOther(word.whole(), token));
    }
    for (String part : word.parts()) {
      if (!tokens.contains(part) && tokens.stream().noneMatch(token -> prefixOfEachOther(part, token))) {
        return false;
      }
    }
    return true;
  }

  private static boolean prefixOfEachOther(String a, String b) {
    if (Math.min(a.length(), b.length()) < MIN_PREFIX) {
      return false;
    }
    return a.startsWith(b) || b.startsWith(a);
  }
}
