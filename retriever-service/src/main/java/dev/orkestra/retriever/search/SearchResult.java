package dev.orkestra.retriever.search;

import java.util.List;

/**
 * @param hits what passed the relevance gate, best first, at most the requested number and a few per file
 * @param ranked every candidate either ranking found, in the same order but without gate and per-file
 *     cap (for evaluation and calibration)
 * @param words the question's content words
 */
public record SearchResult(List<SearchHit> hits, List<SearchHit> ranked, List<QueryWord> words) {

  public SearchResult {
    hits = List.copyOf(hits);
    ranked = List.copyOf(ranked);
    words = List.copyOf(words);
  }
}
