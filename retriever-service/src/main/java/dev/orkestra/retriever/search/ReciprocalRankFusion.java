package dev.orkestra.retriever.search;

/**
 * Reciprocal rank fusion (Cormack et al., 2009): a document's fused score is the sum over the
 * rankings that contain it of 1 / (K + rank). Ranks, not scores, are fused because BM25 scores and
 * cosine similarities live on unrelated scales; K = 60 (the paper's value) keeps one list's top hit
 * from drowning a document both lists rank well.
 */
public final class ReciprocalRankFusion {

  public static final int K = 60;

  private ReciprocalRankFusion() {}

  /** Contribution of one ranking; {@code rank} is 1-based, 0 (or less) meaning "not in this ranking". */
  public static double contribution(int rank) {
    return rank <= 0 ? 0 : 1.0 / (K + rank);
  }

  /** Fused score of a document with the given ranks (0 = absent from that ranking). */
  public static double fuse(int... ranks) {
    double score = 0;
    for (int rank : ranks) {
      score += contribution(rank);
    }
    return score;
  }

  /** The best score a document can reach in {@code rankings} rankings plus {@code bonus} rank-1 equivalents. */
  public static double maximum(int rankings, double bonus) {
    return (rankings + bonus) * contribution(1);
  }
}
