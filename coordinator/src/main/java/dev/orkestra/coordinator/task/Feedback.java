package dev.orkestra.coordinator.task;

import java.util.ArrayList;
import java.util.List;

/**
 * Feedback lines for the next request (a reviewer's required changes, a gate's failures, a
 * person's comment), bounded: they travel in one record and land in one prompt, so a gate log of
 * thousands of lines must not make either too large.
 */
final class Feedback {

  static final int MAX_LINES = 30;
  static final int MAX_LINE_CHARS = 4000;

  private final List<String> lines = new ArrayList<>();
  private int dropped;

  /** Adds {@code prefix + text} unless text is blank; a line over the bound keeps its end (where errors are). */
  Feedback add(String prefix, String text) {
    if (text == null || text.isBlank()) {
      return this;
    }
    if (lines.size() >= MAX_LINES) {
      dropped++;
      return this;
    }
    String line = prefix + text.strip();
    if (line.length() > MAX_LINE_CHARS) {
      line = prefix + "..." + line.substring(line.length() - (MAX_LINE_CHARS - prefix.length() - 3));
    }
    lines.add(line);
    return this;
  }

  Feedback addAll(String prefix, List<String> texts) {
    for (String text : texts == null ? List.<String>of() : texts) {
      add(prefix, text);
    }
    return this;
  }

  boolean isEmpty() {
    return lines.isEmpty();
  }

  List<String> lines() {
    List<String> all = new ArrayList<>(lines);
    if (dropped > 0) {
      all.add("... and " + dropped + " more not shown");
    }
    return List.copyOf(all);
  }

  /** A person's comment first, then what the machine had gathered for the stopped work. */
  static List<String> withComment(String comment, List<String> earlier) {
    Feedback feedback = new Feedback().add("from a person: ", comment);
    for (String line : earlier == null ? List.<String>of() : earlier) {
      feedback.add("", line);
    }
    return feedback.lines();
  }
}
