package dev.orkestra.retriever.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits an identifier into the words a person would search for: {@code parseJsonValue} → parse,
 * json, value; {@code read_file} → read, file; {@code HTTPServer} → http, server;
 * {@code ISO8601Utils} → iso8601, utils. Digits stay with the letters before them, so version-like
 * names ({@code sha256}, {@code utf8}) remain one word.
 */
public final class IdentifierSplitter {

  private IdentifierSplitter() {}

  /**
   * The parts, plus — for a part that mixes letters and digits — its letter and digit runs, so
   * "ISO 8601" finds {@code ISO8601Utils} and "utf 8" finds {@code utf8}. Letters-then-digits stay
   * one part as well, because that is how such names are searched for most of the time.
   */
  public static List<String> words(String identifier) {
    List<String> words = new ArrayList<>();
    for (String part : split(identifier)) {
      words.add(part);
      List<String> runs = letterDigitRuns(part);
      if (runs.size() > 1) {
        words.addAll(runs);
      }
    }
    return words;
  }

  static List<String> letterDigitRuns(String part) {
    List<String> runs = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= part.length(); i++) {
      if (i == part.length() || Character.isDigit(part.charAt(i)) != Character.isDigit(part.charAt(i - 1))) {
        runs.add(part.substring(start, i));
        start = i;
      }
    }
    return runs;
  }

  /** Lower-case parts in order; a single-part identifier yields just itself. */
  public static List<String> split(String identifier) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int n = identifier.length();
    for (int i = 0; i < n; i++) {
      char c = identifier.charAt(i);
      if (c == '_' || c == '$' || c == '-') {
        flush(current, parts);
        continue;
      }
      if (current.length() > 0 && startsNewWord(identifier, i)) {
        flush(current, parts);
      }
      current.append(c);
    }
    flush(current, parts);
    return parts;
  }

  /**
   * A word starts at an upper-case letter after a lower-case letter or digit (jsonValue,
   * utf8Decoder), or at the last capital of an acronym followed by lower case (HTTPServer: the S).
   */
  private static boolean startsNewWord(String s, int i) {
    char c = s.charAt(i);
    char prev = s.charAt(i - 1);
    if (!Character.isUpperCase(c)) {
      return false;
    }
    if (Character.isLowerCase(prev) || Character.isDigit(prev)) {
      return true;
    }
    return Character.isUpperCase(prev) && i + 1 < s.length() && Character.isLowerCase(s.charAt(i + 1));
  }

  private static void flush(StringBuilder current, List<String> parts) {
    if (current.length() > 0) {
      parts.add(current.toString().toLowerCase(Locale.ROOT));
      current.setLength(0);
    }
  }
}
