package dev.orkestra.retriever.search;

import java.util.List;
import java.util.Set;

/**
 * How much of a question a chunk speaks about: the share of the question's content words it
 * contains, each word weighted by its inverse document frequency in the repository.
 *
 * <p>The weighting is what makes this a relevance signal and not a word count. A word the
 * repository never uses gets the highest weight of all — "OAuth" in a question about a JSON library
 * — so a question about something absent cannot reach a high coverage through its common words
 * ("token", "parse") alone.
 */
public final class TermCoverage {

  /** Document frequencies of the index the question is asked against. */
  public interface Stats {
    int docFreq(String term);

    int docCount();
  }

  private TermCoverage() {}

  /** BM25's idf: ln(1 + (N - df + 0.5) / (df + 0.5)); largest for a term no document has. */
  public static double idf(int docFreq, int docCount) {
    return Math.log(1 + (docCount - docFreq + 0.5) / (docFreq + 0.5));
  }

  /** Weight of each word: the idf of the word, or of its rarest part when only its parts occur. */
  public static double[] weights(List<QueryWord> words, Stats stats) {
    double[] weights = new double[words.size()];
    int n = Math.max(1, stats.docCount());
    for (int i = 0; i < words.size(); i++) {
      QueryWord word = words.get(i);
      int df = stats.docFreq(word.whole());
      if (df == 0 && !word.parts().isEmpty()) {
        int rarest = Integer.MAX_VALUE;
        for (String part : word.parts()) {
          rarest = Math.min(rarest, stats.docFreq(part));
        }
        df = rarest == Integer.MAX_VALUE ? 0 : rarest;
      }
      weights[i] = idf(Math.min(df, n), n);
    }
    return weights;
  }

  /** Weighted share in [0, 1] of the words found in {@code terms}; 0 for a question without content words. */
  public static double coverage(List<QueryWord> words, double[] weights, Set<String> terms) {
    double total = 0;
    double covered = 0;
    for (int i = 0; i < words.size(); i++) {
      total += weights[i];
      if (covers(words.get(i), terms)) {
        covered += weights[i];
      }
    }
    return total == 0 ? 0 : covered / total;
  }

  /** The whole word, or every one of its parts (a "json reader" chunk covers "JsonReader"). */
  static boolean covers(QueryWord word, Set<String> terms) {
    if (terms.contains(word.whole())) {
      return true;
    }
    return !word.parts().isEmpty() && terms.containsAll(word.parts());
  }
}
