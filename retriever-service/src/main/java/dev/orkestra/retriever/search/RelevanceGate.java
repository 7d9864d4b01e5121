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
 * own evidence — decides what is read: a chunk stays when it reaches the threshold or {@code
 * candidateFloor} of the best chunk's relevance ({@link #keeps}). Asking every chunk for the full threshold refused the right file of
 * many answered questions (a small Go handler using none of the question's words), while the
 * chunks that reach it are often passing mentions.
 *
 * @param cosineWeight weight of the cosine next to coverage
 * @param threshold what {@code coverage + cosineWeight × cosine} must reach
 * @param bm25Threshold what coverage alone must reach when no embedding is computed (BM25-only baseline)
 * @param embeddingThreshold what the cosine alone must reach without BM25 (embedding-only baseline)
 * @param candidateFloor the share of the best chunk's relevance a further chunk of an answered question must reach
 *     when that is below the threshold (1 = every chunk is held to the threshold)
 */
public record RelevanceGate(double cosineWeight, double threshold, double bm25Threshold, double embeddingThreshold,
    double candidateFloor) {

  public RelevanceGate {
    if (!(candidateFloor > 0 && candidateFloor <= 1)) {
      throw new IllegalArgumentException("candidateFloor must be in (0, 1], was " + candidateFloor);
    }
  }

  /**
   * Calibrated on the tuning halves of the four corpora (docs/retrieval.md): on the signals of the
   * int8 model, cosine weight 1.5 and threshold 0.84 refused 1 of 94 answerable and 29 of 31
   * unanswerable questions (with {@link AbsentNames}), against 2 and 27 for the earlier 2.0 / 1.0; on
   * the float model (the default) it refuses 1 and 28, as 2.0 / 1.0 did. Further chunks of an answered
   * question need 0.6 of the best chunk's relevance where that is below the threshold; with the float
   * model, tuning-half hit@5 / MRR 0.90 / 0.760, 0.89 / 0.800, 0.71 / 0.538, 0.94 / 0.819 (gson,
   * click, shiori, proxbalance), against 0.93 / 0.778, 0.79 / 0.711, 0.59 / 0.475, 0.94 / 0.787 with
   * every chunk held to the 2.0 / 1.0 gate.
   */
  public static final RelevanceGate DEFAULT = new RelevanceGate(1.5, 0.84, 0.5, 0.4, 0.6);

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
    return answers(relevance(coverage, cosine, mode), mode);
  }

  /** Whether a question whose best chunk reached {@code bestRelevance} is answered at all. */
  public boolean answers(double bestRelevance, SearchMode mode) {
    return bestRelevance >= threshold(mode);
  }

  /**
   * Whether a chunk of a question that {@linkplain #accepts passed} is still worth reading, given the
   * relevance of the question's best chunk: it must reach {@code candidateFloor} of that, or the
   * threshold, whichever is lower. Where the best chunk clears the threshold by far (the code uses
   * the question's words), every chunk is held to the threshold; where the best barely passes (a
   * paraphrase), its neighbours in the ranking need not pass on their own either.
   */
  public boolean keeps(double coverage, double cosine, SearchMode mode, double bestRelevance) {
    return relevance(coverage, cosine, mode) >= Math.min(threshold(mode), candidateFloor * bestRelevance);
  }

  private double threshold(SearchMode mode) {
    return switch (mode) {
      case HYBRID -> threshold;
      case BM25_ONLY -> bm25Threshold;
      case EMBEDDING_ONLY -> embeddingThreshold;
    };
  }
}
