package dev.orkestra.implementer.edit;

import dev.orkestra.runtime.source.SourceException;
import dev.orkestra.runtime.source.SourceValidation;
import dev.orkestra.runtime.workspace.Workspace;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The edits of one attempt over a work tree, applied exactly and held in memory: a SEARCH must match
 * whole lines of the file exactly once (line ends aside: a CRLF file keeps its CRLF), an empty SEARCH
 * creates a file that does not exist yet, a whole-file block replaces or creates the file. Paths go
 * through {@link Workspace#file}, so nothing outside the tree or inside {@code .git} is touched.
 * Blocks that fail are returned, the others stay applied, and later blocks (a repair round) apply on
 * top; {@link #write} puts the result on disk only when the caller decides the attempt succeeded, so
 * a failed attempt changes no file.
 */
public final class WorkTreeEdits {

  public static final int MAX_FILE_BYTES = 1_000_000;
  public static final int MAX_TOTAL_BYTES = 8_000_000;

  private final Workspace workspace;
  private final Map<String, FileState> files = new LinkedHashMap<>();

  /** A file's content when read (null: absent) and now. */
  private static final class FileState {
    final Path file;
    final String original;
    String current;

    FileState(Path file, String original) {
      this.file = file;
      this.original = original;
      this.current = original;
    }
  }

  public WorkTreeEdits(Workspace workspace) {
    this.workspace = workspace;
  }

  /** Applies {@code blocks} in order; returns those that failed (empty: all applied). */
  public List<BlockFailure> apply(List<EditBlock> blocks) {
    List<BlockFailure> failures = new ArrayList<>();
    for (EditBlock block : blocks) {
      BlockFailure failure = applyOne(block);
      if (failure != null) {
        failures.add(failure);
      }
    }
    return failures;
  }

  /** Repository-relative paths whose content differs from the work tree's. */
  public Set<String> changed() {
    Set<String> changed = new TreeSet<>();
    files.forEach((path, state) -> {
      if (state.current != null && !state.current.equals(state.original)) {
        changed.add(path);
      }
    });
    return changed;
  }

  /** Writes every changed file (creating folders as needed). */
  public void write() throws IOException {
    for (String path : changed()) {
      FileState state = files.get(path);
      Files.createDirectories(state.file.getParent());
      Files.writeString(state.file, state.current, StandardCharsets.UTF_8);
    }
  }

  private BlockFailure applyOne(EditBlock block) {
    FileState state;
    try {
      state = state(block.path());
    } catch (SourceException e) {
      return BlockFailure.of(block, "refused: " + e.reason());
    } catch (IOException e) {
      return BlockFailure.of(block, e.getMessage());
    }
    String result;
    switch (block) {
      case EditBlock.WholeFile whole -> result = convert(whole.content(), state.current);
      case EditBlock.SearchReplace edit -> {
        if (edit.search().isEmpty()) {
          if (state.current != null && !state.current.isEmpty()) {
            return BlockFailure.of(block, "the SEARCH section is empty, which creates a new file, but " + edit.path()
                + " exists: to change it, SEARCH for the lines to replace");
          }
          result = convert(edit.replace(), state.current);
        } else if (state.current == null) {
          return BlockFailure.of(block, edit.path() + " does not exist (an empty SEARCH section creates a new file)");
        } else {
          Replaced replaced = replace(edit, state.current);
          if (replaced.failure() != null) {
            return replaced.failure();
          }
          result = replaced.content();
        }
      }
    }
    if (result.getBytes(StandardCharsets.UTF_8).length > MAX_FILE_BYTES) {
      return BlockFailure.of(block, "the edit would make " + block.path() + " larger than " + MAX_FILE_BYTES
          + " bytes");
    }
    String before = state.current;
    state.current = result;
    if (totalBytes() > MAX_TOTAL_BYTES) {
      state.current = before;
      return BlockFailure.of(block, "the edits would write more than " + MAX_TOTAL_BYTES + " bytes in all");
    }
    return null;
  }

  private record Replaced(String content, BlockFailure failure) {}

  private static Replaced replace(EditBlock.SearchReplace edit, String content) {
    List<String> lines = lines(content);
    List<String> search = lines(edit.search());
    List<Integer> matches = new ArrayList<>();
    for (int start = 0; start + search.size() <= lines.size(); start++) {
      if (matchesAt(lines, search, start)) {
        matches.add(start);
      }
    }
    if (matches.isEmpty()) {
      List<String> plain = lines.stream().map(WorkTreeEdits::withoutCr).toList();
      boolean present = !edit.replace().isEmpty() && content.replace("\r\n", "\n").contains(edit.replace());
      return new Replaced(null, new BlockFailure(edit, "the SEARCH section matches no lines of " + edit.path(),
          NearestLines.find(plain, search), present));
    }
    if (matches.size() > 1) {
      return new Replaced(null, BlockFailure.of(edit, "the SEARCH section matches " + matches.size() + " places in "
          + edit.path() + " (lines " + matches.stream().limit(10).map(m -> String.valueOf(m + 1)).toList()
          + "); add lines around it so that it matches one"));
    }
    int start = matches.getFirst();
    boolean crlf = content.contains("\r\n");
    List<String> result = new ArrayList<>(lines.subList(0, start));
    for (String line : lines(edit.replace())) {
      result.add(crlf ? line + "\r" : line);
    }
    result.addAll(lines.subList(start + search.size(), lines.size()));
    boolean finalNewline = content.endsWith("\n");
    String joined = String.join("\n", result);
    return new Replaced(result.isEmpty() ? "" : joined + (finalNewline ? "\n" : ""), null);
  }

  private static boolean matchesAt(List<String> lines, List<String> search, int start) {
    for (int m = 0; m < search.size(); m++) {
      if (!withoutCr(lines.get(start + m)).equals(search.get(m))) {
        return false;
      }
    }
    return true;
  }

  /** Lines without their {@code \n}; a CRLF file's lines keep their {@code \r}, so untouched lines stay as they were. */
  static List<String> lines(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    if (text.endsWith("\n")) {
      lines.removeLast();
    }
    return lines;
  }

  private static String withoutCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  /** A model writes {@code \n}; a file that uses CRLF keeps CRLF. */
  private static String convert(String text, String existing) {
    return existing != null && existing.contains("\r\n") ? text.replace("\n", "\r\n") : text;
  }

  private long totalBytes() {
    long total = 0;
    for (FileState state : files.values()) {
      if (state.current != null && !state.current.equals(state.original)) {
        total += state.current.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return total;
  }

  private FileState state(String path) throws SourceException, IOException {
    String checked = SourceValidation.path(path);
    FileState known = files.get(checked);
    if (known != null) {
      return known;
    }
    Path file = workspace.file(checked);
    String original = null;
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) || Files.exists(file)) {
      if (Files.isDirectory(file)) {
        throw new IOException(checked + " is a directory, not a file");
      }
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new IOException(checked + " is larger than " + MAX_FILE_BYTES + " bytes; it is not edited");
      }
      original = utf8(checked, Files.readAllBytes(file));
    }
    FileState state = new FileState(file, original);
    files.put(checked, state);
    return state;
  }

  private static String utf8(String path, byte[] bytes) throws IOException {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IOException(path + " is not UTF-8 text; it is not edited");
    }
  }
}
