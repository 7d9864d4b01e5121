package dev.orkestra.gate.verdict;

import dev.orkestra.gate.report.ToolFinding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tells the findings a commit introduced from those its base already had (ZERO-WARNINGS means no
 * <em>new</em> warning, not a raw count). Line numbers move whenever code above a warning changes,
 * so a finding is identified by tool, rule, file and message (lower-cased, numbers and spacing
 * folded: "line too long (88 > 79)" stays the same warning at 91 characters), not by its line.
 * Within one identity the line decides which is which: each base finding pairs with the nearest
 * unpaired commit finding, so a file that had one raw-type warning and now has two shows exactly
 * one introduced, the one farther from where the old one was.
 */
public final class FindingMatcher {

  public record Judged(ToolFinding finding, boolean introduced) {}

  private FindingMatcher() {}

  /** @param base the base commit's findings; null when there is no base (everything counts as introduced) */
  public static List<Judged> judge(List<ToolFinding> head, List<ToolFinding> base) {
    Map<String, List<ToolFinding>> unpaired = new HashMap<>();
    for (ToolFinding finding : base == null ? List.<ToolFinding>of() : base) {
      unpaired.computeIfAbsent(identity(finding), k -> new ArrayList<>()).add(finding);
    }
    Map<String, List<Integer>> byIdentity = new LinkedHashMap<>();
    for (int i = 0; i < head.size(); i++) {
      byIdentity.computeIfAbsent(identity(head.get(i)), k -> new ArrayList<>()).add(i);
    }
    boolean[] introduced = new boolean[head.size()];
    java.util.Arrays.fill(introduced, true);
    for (Map.Entry<String, List<Integer>> group : byIdentity.entrySet()) {
      List<ToolFinding> candidates = unpaired.getOrDefault(group.getKey(), List.of());
      List<Integer> open = new ArrayList<>(group.getValue());
      // Closest pairs first, so one far-off new finding cannot take an old one's partner.
      while (!candidates.isEmpty() && !open.isEmpty()) {
        int bestHead = -1;
        int bestBase = -1;
        long bestDistance = Long.MAX_VALUE;
        for (int h : open) {
          for (int b = 0; b < candidates.size(); b++) {
            long distance = distance(head.get(h), candidates.get(b));
            if (distance < bestDistance) {
              bestDistance = distance;
              bestHead = h;
              bestBase = b;
            }
          }
        }
        introduced[bestHead] = false;
        open.remove(Integer.valueOf(bestHead));
        candidates = new ArrayList<>(candidates);
        candidates.remove(bestBase);
      }
    }
    List<Judged> judged = new ArrayList<>();
    for (int i = 0; i < head.size(); i++) {
      judged.add(new Judged(head.get(i), introduced[i]));
    }
    return judged;
  }

  static String identity(ToolFinding finding) {
    return finding.tool() + "\u0000" + finding.rule() + "\u0000" + finding.path() + "\u0000"
        + finding.message().toLowerCase(Locale.ROOT).replaceAll("\\d+", "#").replaceAll("\\s+", " ").strip();
  }

  private static long distance(ToolFinding a, ToolFinding b) {
    if (a.line() == null || b.line() == null) {
      return 0;
    }
    return Math.abs((long) a.line() - b.line());
  }
}
