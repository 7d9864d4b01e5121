package dev.orkestra.retriever.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * A chunk is more credible when other chunks of its file match too: the answer to "how is X parsed"
 * usually spans a few methods of one class, while a lone matching chunk in an unrelated file is
 * often a passing mention. A chunk's supported score adds the scores of its file's two best
 * <em>other</em> chunks at decaying weights: {@code s + ½·s₂ + ¼·s₃}. Files are thereby ranked by
 * their best chunk plus support, and a file's chunks stay in their own order.
 */
public final class FileSupport {

  static final double SECOND = 0.5;
  static final double THIRD = 0.25;
  /** The largest supported score relative to the largest chunk score. */
  public static final double MAX_FACTOR = 1 + SECOND + THIRD;

  private FileSupport() {}

  /** A ranked item with its supported score. */
  public record Supported<T>(T item, double score) {}

  /** The items ordered by supported score, best first (ties keep the input order). */
  public static <T> List<Supported<T>> rank(List<T> items, Function<T, String> file, ToDoubleFunction<T> score) {
    Map<String, List<Double>> byFile = new HashMap<>();
    for (T item : items) {
      byFile.computeIfAbsent(file.apply(item), f -> new ArrayList<>()).add(score.applyAsDouble(item));
    }
    byFile.values().forEach(scores -> scores.sort(Comparator.reverseOrder()));
    List<Supported<T>> supported = new ArrayList<>(items.size());
    for (T item : items) {
      double own = score.applyAsDouble(item);
      List<Double> others = new ArrayList<>(byFile.get(file.apply(item)));
      others.remove(own); // removes one occurrence: the item itself
      double support = (others.size() > 0 ? SECOND * others.get(0) : 0)
          + (others.size() > 1 ? THIRD * others.get(1) : 0);
      supported.add(new Supported<>(item, own + support));
    }
    List<Supported<T>> ordered = new ArrayList<>(supported);
    ordered.sort(Comparator.comparingDouble((Supported<T> s) -> s.score()).reversed());
    return ordered;
  }
}
