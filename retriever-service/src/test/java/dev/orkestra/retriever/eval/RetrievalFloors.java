package dev.orkestra.retriever.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The least the hybrid search (the mode the retriever runs) must reach on the evaluation, below
 * the measured figures by a question or two so that a floating-point tie breaking the other way on
 * another CPU does not fail a build, while a real regression does. docs/retrieval.md shows them
 * next to the figures; change both together.
 */
record RetrievalFloors(double hit1, double hit5, double mrr, double lineHit5, int maxWronglyGated,
    int minCorrectlyEmpty) {

  /** The floors of a corpus's tuning half and of its held-out half. */
  record Pair(RetrievalFloors tuning, RetrievalFloors heldOut) {}

  // Floors a question below the figures of 2026-12-02 (docs/retrieval.md, "Figures", third round: gate 1.5 / 0.84
  // with candidate floor 0.6, punctuation out of and C-style comments first in the embedding input): tuning half,
  // then held-out half.
  private static final java.util.Map<String, Pair> BY_CORPUS = java.util.Map.of(
      // hit@1 0.73, hit@5 0.93, MRR 0.806, line 0.70, 0/40 refused, 13/14; held out 0.71, 0.86, 0.786, 0.71, 0/7, 8/8
      "gson", new Pair(new RetrievalFloors(0.68, 0.88, 0.76, 0.65, 1, 12),
          new RetrievalFloors(0.57, 0.71, 0.70, 0.57, 1, 7)),
      // 0.79, 0.89, 0.826, 0.53, 0/19, 5/6; held out 0.68, 0.95, 0.807, 0.21, 0/19, 4/6
      "click", new Pair(new RetrievalFloors(0.74, 0.84, 0.78, 0.47, 1, 4),
          new RetrievalFloors(0.63, 0.89, 0.75, 0.16, 1, 3)),
      // 0.47, 0.76, 0.569, 0.47, 1/17, 5/6; held out 0.41, 0.76, 0.533, 0.53, 3/17, 4/6
      "shiori", new Pair(new RetrievalFloors(0.41, 0.70, 0.51, 0.41, 2, 4),
          new RetrievalFloors(0.35, 0.70, 0.47, 0.47, 4, 3)),
      // 0.67, 0.94, 0.796, 0.67, 0/18, 4/5; held out 0.67, 0.83, 0.750, 0.44, 0/18, 4/5
      "proxbalance", new Pair(new RetrievalFloors(0.61, 0.89, 0.74, 0.61, 1, 3),
          new RetrievalFloors(0.61, 0.77, 0.70, 0.38, 1, 3)));

  /** The floors of {@code corpus}; a corpus without floors is a mistake the test names. */
  static Pair of(String corpus) {
    Pair pair = BY_CORPUS.get(corpus);
    if (pair == null) {
      throw new IllegalArgumentException("no floors for corpus '" + corpus + "' (RetrievalFloors)");
    }
    return pair;
  }

  /** Every figure of {@code figures} below its floor, named with both values; empty when all hold. */
  List<String> shortfalls(RetrievalEvaluation.Figures figures) {
    List<String> shortfalls = new ArrayList<>();
    below(shortfalls, "hit@1", figures.hit1(), hit1);
    below(shortfalls, "hit@5", figures.hit5(), hit5);
    below(shortfalls, "MRR", figures.mrr(), mrr);
    below(shortfalls, "line hit@5", figures.lineHit5(), lineHit5);
    if (figures.wronglyGated() > maxWronglyGated) {
      shortfalls.add("answerable gated to nothing " + figures.wronglyGated() + " > " + maxWronglyGated);
    }
    if (figures.correctlyEmpty() < minCorrectlyEmpty) {
      shortfalls.add("correct not_available " + figures.correctlyEmpty() + " < " + minCorrectlyEmpty);
    }
    return shortfalls;
  }

  private static void below(List<String> shortfalls, String name, double value, double floor) {
    if (value < floor) {
      shortfalls.add(String.format(Locale.ROOT, "%s %.3f < %.2f", name, value, floor));
    }
  }
}
