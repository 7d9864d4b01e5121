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
 * @param bm25Threshold what coverage alone must reach when no embedding is computed (BM25-only baseline)
 * @param embeddingThreshold what the cosine alone must reach without BM25 (embedding-only baseline)
 */
public record RelevanceGate(double cosineWeight, double threshold, double bm25Threshold, double embeddingThreshold) {

  /**
   * Calibrated on the tuning halves of the four corpora (docs/retrieval.md): cosine weight 2.0 and
   * threshold 1.0 refused 1 of 94 answerable and 29 of 31 unanswerable questions there (with
   * {@link AbsentNames}), against 6 and 30 for the earlier 1.5 / 0.95 tuned on Gson alone.
   */
  public static final RelevanceGate DEFAULT = new RelevanceGate(2.0, 1.0, 0.5, 0.4);

  /** Lets everything through: for measuring ranking without the gate. */
  public static final RelevanceGate OPEN = new RelevanceGate(0, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY,
      Double.NEGATIVE_INFINITY);

  /** What the gate compares with the mode's threshold. */
  public double relevance(double coverage, double cosine, SearchMode mode) {
    return switch (mode) {
      case HYBRID -> coverage + cosineWeight * cosine;
      case BM25_ONLY -> coverage;
      case EMBEDDING_ONLY -> cosine;
    };
  }

  public boolean accepts(double coverage, double cosine, SearchMode mode) {
    double relevance = relevance(coverage, cosine, mode);
    return relevance >= switch (mode) {
      case HYBRID -> threshold;
      case BM25_ONLY -> bm25Threshold;
      case EMBEDDING_ONLY -> embeddingThreshold;
    };
  }
}
