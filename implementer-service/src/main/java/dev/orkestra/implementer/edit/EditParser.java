package dev.orkestra.implementer.edit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a model's reply in aider's two edit formats, tolerant of what models do around them:
 *
 * <ul>
 *   <li><b>SEARCH/REPLACE</b>: the file's path alone on a line, then {@code <<<<<<< SEARCH}, the
 *       lines to find, {@code =======}, the lines to put there, {@code >>>>>>> REPLACE}; fenced or
 *       not (fences around blocks are ignored). A block without a path line edits the file of the
 *       block before it, as aider's does.</li>
 *   <li><b>whole file</b>: the path alone on a line, directly followed by a fenced block holding the
 *       file's entire new content. The closing fence is a bare fence of the same character, at least
 *       as long as the opening one, so a Markdown file can be sent inside a four-backtick fence.</li>
 * </ul>
 *
 * Everything else is prose (the explanation). Markers are aider's ({@code <} / {@code =} / {@code >}
 * repeated 5-9 times). A reply is read up to {@value #MAX_REPLY_CHARS} characters and
 * {@value #MAX_BLOCKS} blocks; what cannot be read as a block is a problem for the repair round,
 * never a guess.
 */
public final class EditParser {

  public static final int MAX_REPLY_CHARS = 1_000_000;
  public static final int MAX_BLOCKS = 200;
  public static final int MAX_PROSE_CHARS = 4_000;

  private static final Pattern HEAD = Pattern.compile("^\\s*<{5,9} ?SEARCH\\s*$");
  private static final Pattern DIVIDER = Pattern.compile("^\\s*={5,9}\\s*$");
  private static final Pattern UPDATED = Pattern.compile("^\\s*>{5,9} ?REPLACE\\s*$");
  private static final Pattern FENCE = Pattern.compile("^\\s*(`{3,}|~{3,})\\s*([\\w+#.-]*)\\s*$");
  private static final Pattern CONFIDENCE = Pattern.compile(
      "(?im)^[\\s*_#>-]*confidence[\\s*_]*[:=]?[\\s*_]*([0-9]+(?:\\.[0-9]+)?)\\s*(%?)");
  // Files commonly named without an extension; any other path line needs a '.' or a '/'.
  private static final Set<String> BARE_NAMES = Set.of("Makefile", "Dockerfile", "LICENSE", "README", "Jenkinsfile",
      "Procfile", "Gemfile", "Rakefile", "Vagrantfile", "CODEOWNERS", "NOTICE");

  private final String[] lines;
  private final boolean[] used;
  private final List<EditBlock> blocks = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private String lastPath;

  private EditParser(String[] lines) {
    this.lines = lines;
    this.used = new boolean[lines.length];
  }

  public static ParsedReply parse(String reply) {
    String text = reply == null ? "" : reply;
    boolean cut = text.length() > MAX_REPLY_CHARS;
    if (cut) {
      text = text.substring(0, MAX_REPLY_CHARS);
    }
    text = text.replace("\r\n", "\n").replace('\r', '\n');
    EditParser parser = new EditParser(text.split("\n", -1));
    if (cut) {
      parser.problems.add("the reply is longer than " + MAX_REPLY_CHARS + " characters; only its start was read: "
          + "send smaller edits (SEARCH/REPLACE blocks of the lines that change rather than whole files)");
    }
    parser.read();
    String prose = parser.prose();
    return new ParsedReply(parser.blocks, prose, confidence(prose), parser.problems);
  }

  private void read() {
    int i = 0;
    while (i < lines.length) {
      if (blocks.size() >= MAX_BLOCKS) {
        problems.add("the reply has more than " + MAX_BLOCKS + " edit blocks; only the first " + MAX_BLOCKS
            + " were read");
        return;
      }
      String line = lines[i];
      if (HEAD.matcher(line).matches()) {
        i = searchReplace(i);
      } else if (FENCE.matcher(line).matches()) {
        i = fenced(i);
      } else {
        i++;
      }
    }
  }

  /** A SEARCH/REPLACE block whose head is at {@code head}; returns the line after it. */
  private int searchReplace(int head) {
    int pathLine = pathLineBefore(head);
    String path = pathLine >= 0 ? path(lines[pathLine]) : lastPath;
    int divider = next(head + 1, DIVIDER);
    if (divider < 0) {
      problems.add("a <<<<<<< SEARCH block" + forPath(path) + " has no ======= line after its SEARCH lines");
      return stop(head);
    }
    int updated = next(divider + 1, UPDATED);
    if (updated < 0) {
      problems.add("a <<<<<<< SEARCH block" + forPath(path) + " has no >>>>>>> REPLACE line after its REPLACE lines");
      return stop(divider);
    }
    for (int k = pathLine >= 0 ? pathLine : head; k <= updated; k++) {
      used[k] = true;
    }
    int after = updated + 1;
    if (after < lines.length && bareFence(lines[after])) {
      used[after] = true;
      after++;
    }
    if (path == null) {
      problems.add("a SEARCH/REPLACE block names no file: put the file's path alone on the line before "
          + "<<<<<<< SEARCH");
      return after;
    }
    blocks.add(new EditBlock.SearchReplace(path, text(head + 1, divider), text(divider + 1, updated)));
    lastPath = path;
    return after;
  }

  /**
   * The first line at or after {@code from} that matches {@code marker}, or -1 when another marker
   * comes first (a block left unfinished) or the reply ends.
   */
  private int next(int from, Pattern marker) {
    for (int k = from; k < lines.length; k++) {
      if (marker.matcher(lines[k]).matches()) {
        return k;
      }
      if (HEAD.matcher(lines[k]).matches() || DIVIDER.matcher(lines[k]).matches()
          || UPDATED.matcher(lines[k]).matches()) {
        return -1;
      }
    }
    return -1;
  }

  /** Where reading goes on after an unfinished block: at the next marker, so the blocks after it are still read. */
  private int stop(int at) {
    for (int k = at + 1; k < lines.length; k++) {
      if (HEAD.matcher(lines[k]).matches()) {
        return k;
      }
    }
    return lines.length;
  }

  /** A fence at {@code open}: around SEARCH/REPLACE blocks (skipped), a whole file after a path line, or prose. */
  private int fenced(int open) {
    Matcher opening = FENCE.matcher(lines[open]);
    opening.matches();
    String marker = opening.group(1);
    int close = closing(open, marker);
    int end = close < 0 ? lines.length : close;
    for (int k = open + 1; k < end; k++) {
      if (HEAD.matcher(lines[k]).matches()) {
        // Fences around SEARCH/REPLACE blocks carry nothing.
        used[open] = true;
        return open + 1;
      }
    }
    int pathLine = open - 1;
    if (pathLine < 0 || used[pathLine] || path(lines[pathLine]) == null) {
      return end + 1;
    }
    String path = path(lines[pathLine]);
    if (close < 0) {
      problems.add("the whole-file block for " + path + " has no closing " + marker + " fence (was the reply cut?)");
      return lines.length;
    }
    for (int k = pathLine; k <= close; k++) {
      used[k] = true;
    }
    blocks.add(new EditBlock.WholeFile(path, text(open + 1, close)));
    lastPath = path;
    return close + 1;
  }

  /** The bare fence that closes one opened with {@code marker}: same character, at least as long. */
  private int closing(int open, String marker) {
    for (int k = open + 1; k < lines.length; k++) {
      String line = lines[k].strip();
      if (line.length() >= marker.length() && line.chars().allMatch(c -> c == marker.charAt(0))) {
        return k;
      }
    }
    return -1;
  }

  /** The path line of a SEARCH head: up to three lines back, passing over fence lines only (aider's rule). */
  private int pathLineBefore(int head) {
    for (int k = head - 1; k >= Math.max(0, head - 3); k--) {
      if (FENCE.matcher(lines[k]).matches()) {
        continue;
      }
      return !used[k] && path(lines[k]) != null ? k : -1;
    }
    return -1;
  }

  /** The path a line names, or null when it does not look like one (prose, a marker, a fence). */
  static String path(String line) {
    String s = line.strip();
    s = s.replaceFirst("^#+\\s*", "");
    s = s.replaceAll("^[*`'\"]+|[*`'\":]+$", "").strip();
    if (s.startsWith("./")) {
      s = s.substring(2);
    }
    if (s.isEmpty() || s.length() > 400 || s.chars().anyMatch(Character::isWhitespace)
        || HEAD.matcher(s).matches() || DIVIDER.matcher(s).matches() || UPDATED.matcher(s).matches()
        || s.startsWith("```") || s.startsWith("~~~")) {
      return null;
    }
    if (s.indexOf('.') < 0 && s.indexOf('/') < 0 && !BARE_NAMES.contains(s)) {
      return null;
    }
    return s;
  }

  private static boolean bareFence(String line) {
    String s = line.strip();
    return s.length() >= 3 && (s.chars().allMatch(c -> c == '`') || s.chars().allMatch(c -> c == '~'));
  }

  private static String forPath(String path) {
    return path == null ? "" : " for " + path;
  }

  /** Lines {@code from} (inclusive) to {@code to} (exclusive), each ended by {@code \n}. */
  private String text(int from, int to) {
    StringBuilder text = new StringBuilder();
    for (int k = from; k < to; k++) {
      text.append(lines[k]).append('\n');
    }
    return text.toString();
  }

  private String prose() {
    StringBuilder prose = new StringBuilder();
    boolean blank = false;
    for (int k = 0; k < lines.length; k++) {
      if (used[k]) {
        continue;
      }
      String line = lines[k].stripTrailing();
      if (line.isEmpty()) {
        blank = prose.length() > 0;
        continue;
      }
      if (blank) {
        prose.append('\n');
        blank = false;
      }
      prose.append(line).append('\n');
      if (prose.length() > MAX_PROSE_CHARS) {
        return prose.substring(0, MAX_PROSE_CHARS) + " … (cut at " + MAX_PROSE_CHARS + " characters)";
      }
    }
    return prose.toString().strip();
  }

  /** "Confidence: 0.8" or "Confidence: 80%" in the prose, as 0.0-1.0; null when absent or out of range. */
  static Double confidence(String prose) {
    Matcher matcher = CONFIDENCE.matcher(prose);
    if (!matcher.find()) {
      return null;
    }
    double value = Double.parseDouble(matcher.group(1));
    if (!matcher.group(2).isEmpty() || value > 1.0) {
      value = value / 100.0;
    }
    return value >= 0.0 && value <= 1.0 ? value : null;
  }
}
