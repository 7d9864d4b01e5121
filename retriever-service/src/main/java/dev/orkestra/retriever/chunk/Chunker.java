package dev.orkestra.retriever.chunk;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a file into search chunks along the code's own seams: declarations (functions, classes,
 * methods) with the comments and annotations above them, markdown headings, blank lines.
 *
 * <p>Why these sizes: a chunk is what an answer cites, so it should be one coherent unit a person
 * can read (a method with its doc comment), small enough that its embedding is not a blur of
 * unrelated code ({@link #MAX_LINES}), yet not so small that a run of tiny getters becomes a dozen
 * chunks ({@link #MERGE_LINES}). A unit longer than the maximum is cut at blank lines where it
 * can be; only a hard cut (no blank line near) repeats {@link #OVERLAP} lines, so a statement cut
 * in two is still whole in one of the chunks.
 */
public final class Chunker {

  /** Changes whenever chunk boundaries change for the same input: indexes made by another version are rebuilt. */
  public static final int VERSION = 2;
  public static final int MAX_LINES = 60;
  /** Adjacent small units are merged while the result stays within this many lines. */
  public static final int MERGE_LINES = 30;
  /** A unit this short (a class header, a lone constant) joins the unit after it whenever the result fits. */
  static final int TINY_LINES = 5;
  /** A cut at a blank line leaves at least this many lines before it. */
  static final int MIN_CUT_LINES = 15;
  public static final int OVERLAP = 5;

  private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+(?<name>.+?)\\s*#*\\s*$");
  private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```|~~~)");

  /** Chunks of {@code content}, in line order; none for an empty or blank file. */
  public List<Chunk> chunk(String path, String content) {
    List<String> lines = lines(content);
    if (lines.isEmpty()) {
      return List.of();
    }
    Language language = Language.of(path);
    TreeMap<Integer, List<String>> starts = language == Language.MARKDOWN ? headings(lines) : declarations(lines,
        language);
    starts.putIfAbsent(0, new ArrayList<>());

    List<Unit> units = new ArrayList<>();
    List<Integer> keys = new ArrayList<>(starts.keySet());
    for (int i = 0; i < keys.size(); i++) {
      int from = keys.get(i);
      int to = i + 1 < keys.size() ? keys.get(i + 1) : lines.size();
      units.addAll(split(new Unit(from, to, starts.get(from), false), lines));
    }
    List<Chunk> chunks = new ArrayList<>();
    for (Unit unit : merge(units)) {
      toChunk(unit, lines).ifPresent(chunks::add);
    }
    return chunks;
  }

  /** A half-open range of 0-based line indexes with the names declared in it. */
  private record Unit(int from, int to, List<String> symbols, boolean cut) {
    int size() {
      return to - from;
    }
  }

  private static TreeMap<Integer, List<String>> declarations(List<String> lines, Language language) {
    TreeMap<Integer, List<String>> starts = new TreeMap<>();
    for (int i = 0; i < lines.size(); i++) {
      var name = language.declaredName(lines.get(i));
      if (name.isPresent()) {
        int start = i;
        // The doc comment, annotations or decorators above a declaration belong to it.
        while (start > 0 && language.isLeadingLine(lines.get(start - 1))) {
          start--;
        }
        // A declaration spread over several lines (annotations, then modifiers) starts once.
        Integer previous = starts.floorKey(i);
        if (previous != null && previous >= start) {
          starts.get(previous).add(name.get());
        } else {
          starts.computeIfAbsent(start, k -> new ArrayList<>()).add(name.get());
        }
      }
    }
    return starts;
  }

  private static TreeMap<Integer, List<String>> headings(List<String> lines) {
    TreeMap<Integer, List<String>> starts = new TreeMap<>();
    boolean inFence = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (FENCE.matcher(line).find()) {
        inFence = !inFence;
        continue;
      }
      Matcher m = HEADING.matcher(line);
      if (!inFence && m.matches()) {
        starts.computeIfAbsent(i, k -> new ArrayList<>()).add(m.group("name"));
      }
    }
    return starts;
  }

  /** Cuts a unit longer than {@link #MAX_LINES}: at the last blank line in reach, else hard with overlap. */
  private static List<Unit> split(Unit unit, List<String> lines) {
    if (unit.size() <= MAX_LINES) {
      return List.of(unit);
    }
    List<Unit> pieces = new ArrayList<>();
    int from = unit.from();
    while (unit.to() - from > MAX_LINES) {
      int blank = -1;
      for (int i = from + MAX_LINES - 1; i >= from + MIN_CUT_LINES; i--) {
        if (lines.get(i).isBlank()) {
          blank = i;
          break;
        }
      }
      if (blank >= 0) {
        pieces.add(new Unit(from, blank, unit.symbols(), true));
        from = blank + 1;
      } else {
        pieces.add(new Unit(from, from + MAX_LINES, unit.symbols(), true));
        from = from + MAX_LINES - OVERLAP;
      }
    }
    pieces.add(new Unit(from, unit.to(), unit.symbols(), true));
    return pieces;
  }

  /** Joins runs of small neighbouring units (getters, constants, short sections), and headers to what follows. */
  private static List<Unit> merge(List<Unit> units) {
    List<Unit> merged = new ArrayList<>();
    Unit current = null;
    for (Unit unit : units) {
      int size = current == null ? 0 : unit.to() - current.from();
      boolean fits = size <= MERGE_LINES || (current != null && current.size() < TINY_LINES && size <= MAX_LINES);
      if (current != null && !current.cut() && !unit.cut() && fits) {
        List<String> symbols = new ArrayList<>(current.symbols());
        symbols.addAll(unit.symbols());
        current = new Unit(current.from(), unit.to(), symbols, false);
      } else {
        if (current != null) {
          merged.add(current);
        }
        current = unit;
      }
    }
    if (current != null) {
      merged.add(current);
    }
    return merged;
  }

  /** The unit without its leading and trailing blank lines, so a cited range starts and ends on content. */
  private static java.util.Optional<Chunk> toChunk(Unit unit, List<String> lines) {
    int from = unit.from();
    int to = unit.to();
    while (from < to && lines.get(from).isBlank()) {
      from++;
    }
    while (to > from && lines.get(to - 1).isBlank()) {
      to--;
    }
    if (from == to) {
      return java.util.Optional.empty();
    }
    String text = String.join("\n", lines.subList(from, to));
    return java.util.Optional.of(new Chunk(from + 1, to, List.copyOf(new LinkedHashSet<>(unit.symbols())), text));
  }

  /** Lines as git numbers them: split at '\n', a final newline ends the last line rather than starting one. */
  static List<String> lines(String content) {
    if (content.isEmpty()) {
      return List.of();
    }
    String[] parts = content.split("\n", -1);
    int count = content.endsWith("\n") ? parts.length - 1 : parts.length;
    List<String> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String line = parts[i];
      lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }
    return lines;
  }
}
