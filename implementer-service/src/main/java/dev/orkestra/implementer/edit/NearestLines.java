package dev.orkestra.implementer.edit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lines of a file closest to a SEARCH section that matched nowhere — what aider shows the model
 * ("did you mean to match these actual lines?") so that its repair copies the file's real text. A
 * window as long as the SEARCH is slid over the file and scored line by line (equal 1.0, equal but
 * for indentation or trailing space 0.9, else the Dice coefficient of the lines' character pairs);
 * the best window of score {@value #THRESHOLD} or more is shown with {@value #CONTEXT} lines around it.
 */
public final class NearestLines {

  // Lower than aider's 0.6 because pair counting is stricter than its difflib ratio: "Phase 1:
  // started." scores 0.44 against "Phase 1: in progress.", which is the line the model meant.
  static final double THRESHOLD = 0.4;
  static final int CONTEXT = 3;
  static final int MAX_SHOWN = 60;
  // Scoring every window of a large file against a long SEARCH would cost more than the model call;
  // past this many line comparisons only windows anchored on a line that matches exactly are scored.
  static final long MAX_COMPARISONS = 400_000;

  /** Lines {@code start}-{@code end} (1-based, inclusive) of the file, as text. */
  public record Snippet(int start, int end, String text) {}

  private NearestLines() {}

  public static Optional<Snippet> find(List<String> file, List<String> search) {
    int n = search.size();
    if (n == 0 || file.isEmpty()) {
      return Optional.empty();
    }
    int windows = Math.max(1, file.size() - n + 1);
    List<Integer> starts = (long) windows * n <= MAX_COMPARISONS ? allStarts(windows) : anchoredStarts(file, search);
    int best = -1;
    double bestScore = THRESHOLD;
    for (int start : starts) {
      double score = score(file, search, start);
      if (score >= bestScore && (best < 0 || score > bestScore)) {
        best = start;
        bestScore = score;
      }
    }
    if (best < 0) {
      return Optional.empty();
    }
    int from = Math.max(0, best - CONTEXT);
    int to = Math.min(file.size(), Math.min(best + n + CONTEXT, from + MAX_SHOWN));
    StringBuilder text = new StringBuilder();
    for (int k = from; k < to; k++) {
      text.append(file.get(k)).append('\n');
    }
    return Optional.of(new Snippet(from + 1, to, text.toString()));
  }

  private static List<Integer> allStarts(int windows) {
    List<Integer> starts = new ArrayList<>(windows);
    for (int k = 0; k < windows; k++) {
      starts.add(k);
    }
    return starts;
  }

  /** Window starts that put some SEARCH line on a file line equal to it (ignoring surrounding space). */
  private static List<Integer> anchoredStarts(List<String> file, List<String> search) {
    Map<String, List<Integer>> offsets = new HashMap<>();
    for (int m = 0; m < search.size(); m++) {
      String key = search.get(m).strip();
      if (!key.isEmpty()) {
        offsets.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
      }
    }
    List<Integer> starts = new ArrayList<>();
    long budget = MAX_COMPARISONS / search.size();
    for (int k = 0; k < file.size() && starts.size() < budget; k++) {
      for (int m : offsets.getOrDefault(file.get(k).strip(), List.of())) {
        int start = k - m;
        if (start >= 0 && start + search.size() <= file.size()) {
          starts.add(start);
        }
      }
    }
    return starts;
  }

  private static double score(List<String> file, List<String> search, int start) {
    double total = 0;
    int compared = 0;
    for (int m = 0; m < search.size() && start + m < file.size(); m++) {
      total += similarity(file.get(start + m), search.get(m));
      compared++;
    }
    return total / Math.max(compared, search.size());
  }

  static double similarity(String a, String b) {
    if (a.equals(b)) {
      return 1.0;
    }
    String x = a.strip();
    String y = b.strip();
    if (x.equals(y)) {
      return 0.9;
    }
    if (x.length() < 2 || y.length() < 2) {
      return 0.0;
    }
    Map<Integer, Integer> pairs = new HashMap<>();
    for (int i = 0; i + 1 < x.length(); i++) {
      pairs.merge(pair(x, i), 1, Integer::sum);
    }
    int common = 0;
    for (int i = 0; i + 1 < y.length(); i++) {
      Integer left = pairs.get(pair(y, i));
      if (left != null && left > 0) {
        common++;
        pairs.put(pair(y, i), left - 1);
      }
    }
    return 2.0 * common / (x.length() - 1 + y.length() - 1);
  }

  private static int pair(String s, int i) {
    return (s.charAt(i) << 16) | s.charAt(i + 1);
  }
}
