package dev.orkestra.runtime.prompt;

/**
 * Code fences around text shown to a model (repository files, excerpts, a model's own reply),
 * longer than any backtick run inside it, so the text cannot close them early.
 */
public final class Fences {

  private Fences() {}

  /** A backtick fence longer than any backtick run inside {@code body} (at least three). */
  public static String around(String body) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < body.length(); i++) {
      run = body.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return "`".repeat(Math.max(3, longest + 1));
  }

  /** {@code body} between fences, ending with a newline. */
  public static String fenced(String body) {
    String fence = around(body);
    return fence + "\n" + body + (body.isEmpty() || body.endsWith("\n") ? "" : "\n") + fence + "\n";
  }
}
