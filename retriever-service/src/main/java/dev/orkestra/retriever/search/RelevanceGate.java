package dev.orkestra.retriever.search;

/**
 * Decides whether the repository answers a question at all, and which chunks are then worth
 * reading. A question the repository cannot answer must yield no candidates — the coordinator then
 * answers {@code not_available} — rather than the least-bad chunk, which rank fusion would happily
 * put first.
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
 * <p>The threshold is asked of the question's <em>best</em> chunk ({@link #accepts}). Once that
 * passes, the question is about something the repository holds, and the ranking — not each chunk's
 * own evidence — decides what is read: a chunk stays when it reaches {@code candidateFloor} of the
 * threshold ({@link #keeps}). Asking every chunk for the full threshold refused the right file of
 * many answered questions (a small Go handler using none of the question's words), while the
 * chunks that reach it are often passing mentions.
 *
 * @param cosineWeight weight of the cosine next to coverage
 * @param threshold what {@code coverage + cosineWeight × cosine} must reach
 * @param bm25Threshold what coverage alone must reach when no embedding is computed (BM25-only baseline)
 * @param embeddingThreshold what the cosine alone must reach without BM25 (embedding-only baseline)
 * @param candidateFloor the share of the mode's threshold a further chunk of an answered question must reach (1 =
 *     every chunk is held to the threshold)
 */
public record RelevanceGate(double cosineWeight, double threshold, double bm25Threshold, double embeddingThreshold,
    double candidateFloor) {

  public RelevanceGate {
    if (!(candidateFloor > 0 && candidateFloor <= 1)) {
      throw new IllegalArgumentException("candidateFloor must be in (0, 1], was " + candidateFloor);
    }
  }

  /**
   * Calibrated on the tuning halves of the four corpora (docs/retrieval.md): cosine weight 2.0 and
   * threshold 1.0 refused 1 of 94 answerable and 29 of 31 unanswerable questions there (with
   * {@link AbsentNames}), against 6 and 30 for the earlier 1.5 / 0.95 tuned on Gson alone.
   */
  public static final RelevanceGate DEFAULT = new RelevanceGate(2.0, 1.0, 0.5, 0.4, 1.0);

  /** Lets everything through: for measuring ranking without the gate. */
  public static final RelevanceGate OPEN = new RelevanceGate(0, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY,
      Double.NEGATIVE_INFINITY, 1);

  /** What the gate compares with the mode's threshold. */
  public double relevance(double coverage, double cosine, SearchMode mode) {
    return switch (mode) {
      case HYBRID -> coverage + cosineWeight * cosine;
      case BM25_ONLY -> coverage;
      case EMBEDDING_ONLY -> cosine;
    };
  }

  /** Whether a question whose best chunk has these signals is answered at all. */
  public boolean accepts(double coverage, double cosine, SearchMode mode) {
    return relevance(coverage, cosine, mode) >= threshold(mode);
  }

  /** Whether a chunk of a question that {@linkplain #accepts passed} is still worth reading. */
  public boolean keeps(double coverage, double cosine, SearchMode mode) {
    double threshold = threshold(mode);
    // A negative threshold shrinks when scaled down: the floor must never lie above it.
    return relevance(coverage, cosine, mode) >= Math.min(threshold, candidateFloor * threshold);
  }

  private double threshold(SearchMode mode) {
    return switch (mode) {
      case HYBRID -> threshold;
      case BM25_ONLY -> bm25Threshold;
      case EMBEDDING_ONLY -> embeddingThreshold;
    };
  }
}
