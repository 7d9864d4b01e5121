package dev.orkestra.retriever.search;

/**
 * Decides whether a chunk is relevant enough to be a candidate at all. A question the repository
 * cannot answer must yield no candidates — the coordinator then answers {@code not_available} —
 * rather than the least-bad chunk, which rank fusion would happily put first.
 *
 * <p>Two absolute signals (ranks say nothing about relevance: something always ranks first):
 * {@link TermCoverage coverage}, the idf-weighted share of the question's content words the chunk
 * contains, and the cosine similarity between the question's and the chunk's embeddings. Either can
 * be weak for a relevant chunk — code seldom uses the question's words ("nesting depth" vs
 * {@code stackSize}), and the small embedding model is unsure about short or generic code — but not
 * both, while a question about something absent has little of either. So the gate adds them:
 * a chunk passes when {@code coverage + cosineWeight × cosine ≥ threshold}. Without embeddings (BM25
 * only) coverage alone decides. The values are calibrated on the evaluation (docs/retrieval.md): they
 * sit just above the best an unanswerable question reached there.
 *
 * @param cosineWeight weight of the cosine next to coverage
 * @param threshold what {@code coverage + cosineWeight × cosine} must reach
 * @param bm25Threshold what coverage alone must reach when no embedding is computed
 */
public record RelevanceGate(double cosineWeight, double threshold, double bm25Threshold) {

  public static final RelevanceGate DEFAULT = new RelevanceGate(1.5, 0.95, 0.5);

  /** Lets everything through: for measuring ranking without the gate. */
  public static final RelevanceGate OPEN = new RelevanceGate(0, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY);

  /** The combined relevance the gate compares with its threshold. */
  public double relevance(double coverage, double cosine, SearchMode mode) {
    return switch (mode) {
      case HYBRID -> coverage + cosineWeight * cosine;
      case BM25_ONLY -> coverage;
      // Alone, the cosine is measured on the same scale as in the hybrid sum with no coverage at all.
      case EMBEDDING_ONLY -> cosineWeight * cosine;
    };
  }

  public boolean accepts(double coverage, double cosine, SearchMode mode) {
    double relevance = relevance(coverage, cosine, mode);
    return mode == SearchMode.BM25_ONLY ? relevance >= bm25Threshold : relevance >= threshold;
  }
}
