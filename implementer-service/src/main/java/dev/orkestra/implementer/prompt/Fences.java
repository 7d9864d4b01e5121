package dev.orkestra.implementer.prompt;

/** Fences for text shown to a model. */
final class Fences {

  private Fences() {}

  /** A backtick fence longer than any backtick run inside {@code body}, so the body cannot close it early. */
  static String around(String body) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < body.length(); i++) {
      run = body.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return "`".repeat(Math.max(3, longest + 1));
  }

  /** {@code body} between fences, ending with a newline. */
  static String fenced(String body) {
    String fence = around(body);
    return fence + "\n" + body + (body.isEmpty() || body.endsWith("\n") ? "" : "\n") + fence + "\n";
  }
}
