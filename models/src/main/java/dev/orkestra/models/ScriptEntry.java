package dev.orkestra.models;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One canned answer of a scripted model.
 *
 * @param role         the calling role this entry answers, or {@code *} for any role
 * @param match        searched for (not fully matched) in the text of the last user message
 * @param inputTokens  reported prompt tokens, {@code null} to estimate
 * @param outputTokens reported response tokens, {@code null} to estimate
 */
public record ScriptEntry(String role, Pattern match, String response, Integer inputTokens, Integer outputTokens) {

  public static final String ANY_ROLE = "*";

  public ScriptEntry {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(response, "response");
  }

  /** @param callRole the caller's role, {@code null} when unknown (then only {@code *} entries apply) */
  public boolean matches(String callRole, String lastUserText) {
    boolean roleMatches = ANY_ROLE.equals(role) || role.equals(callRole);
    return roleMatches && match.matcher(lastUserText).find();
  }
}
