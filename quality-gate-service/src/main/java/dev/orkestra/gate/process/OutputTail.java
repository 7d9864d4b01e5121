package dev.orkestra.gate.process;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The end of a command's output, bounded in lines and characters: what goes into a check's
 * {@code outputTail} (and from there into the implementer's retry prompt, where errors sit at the
 * end of a build log). Lines longer than a bound keep their end too.
 */
final class OutputTail {

  private final int maxLines;
  private final int maxChars;
  private final int maxLineChars;
  private final Deque<String> lines = new ArrayDeque<>();
  private int chars;
  private long dropped;

  OutputTail(int maxLines, int maxChars) {
    this.maxLines = maxLines;
    this.maxChars = maxChars;
    this.maxLineChars = Math.max(80, maxChars / 4);
  }

  synchronized void add(String line) {
    String kept = line.length() > maxLineChars ? "..." + line.substring(line.length() - maxLineChars + 3) : line;
    lines.addLast(kept);
    chars += kept.length() + 1;
    while (lines.size() > maxLines || (chars > maxChars && lines.size() > 1)) {
      chars -= lines.removeFirst().length() + 1;
      dropped++;
    }
  }

  /** Lines dropped from the front so far. */
  synchronized long dropped() {
    return dropped;
  }

  synchronized String text() {
    StringBuilder text = new StringBuilder();
    if (dropped > 0) {
      text.append("[... ").append(dropped).append(" earlier lines not shown]\n");
    }
    for (String line : lines) {
      text.append(line).append('\n');
    }
    return text.toString();
  }
}
