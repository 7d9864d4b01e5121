package dev.orkestra.planner.reply;

import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/** Code fences around repository text in a prompt, longer than any backtick run inside it, so content cannot close them early. */
public final class Fences {

  private static final Pattern BACKTICKS = Pattern.compile("`+");

  private Fences() {}

  public static String fenced(String body) {
    int longest = BACKTICKS.matcher(body).results().map(MatchResult::group).mapToInt(String::length).max().orElse(0);
    String fence = "`".repeat(Math.max(3, longest + 1));
    return fence + "\n" + body + (body.endsWith("\n") ? "" : "\n") + fence + "\n";
  }
}
