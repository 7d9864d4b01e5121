package dev.orkestra.planner.context;

import dev.orkestra.runtime.prompt.Fences;
import java.util.ArrayList;
import java.util.List;

/**
 * Files for a prompt under two bounds, one per file and one for all: a file over its bound keeps
 * its beginning and says how much was cut; files past the total are named, not shown. Notes (a
 * context file that matched nothing, a binary file) are listed after the files.
 */
public final class FileSection {

  private final int fileChars;
  private final int totalChars;
  private final StringBuilder shown = new StringBuilder();
  private final List<String> left = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private int used;

  public FileSection(int fileChars, int totalChars) {
    this.fileChars = fileChars;
    this.totalChars = totalChars;
  }

  /** False once the total is used up: later files are named without being read. */
  public boolean hasRoom() {
    return used < totalChars;
  }

  /** A file there was no room for. */
  public void leaveOut(String path) {
    left.add(path);
  }

  public void add(String path, String text) {
    int room = Math.min(fileChars, totalChars - used);
    if (room <= 0) {
      leaveOut(path);
      return;
    }
    String body = text.length() <= room ? text : text.substring(0, room);
    used += body.length();
    shown.append("### ").append(path);
    if (body.length() < text.length()) {
      shown.append(" (cut: the first ").append(body.length()).append(" of ").append(text.length())
          .append(" characters)");
    }
    shown.append('\n').append(Fences.fenced(body)).append('\n');
  }

  public void note(String line) {
    notes.add(line);
  }

  public String render() {
    StringBuilder out = new StringBuilder(shown);
    if (!left.isEmpty()) {
      out.append("Not shown, the ").append(totalChars).append("-character budget for these files was used up: ")
          .append(String.join(", ", left)).append('\n');
    }
    notes.forEach(note -> out.append("Note: ").append(note).append('\n'));
    return out.isEmpty() ? "(none)\n" : out.toString();
  }
}
