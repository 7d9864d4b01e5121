package dev.orkestra.coordinator.query;

import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.runtime.VerifiedDigests;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The answer-cache key of a query: exact, because everything an answer depends on is in it — the
 * repository, the commit the content was pinned to, and the request normalised so that trivially
 * different spellings of one question share an entry.
 *
 * <p>Part of the key beyond the obvious: the role (the composer and auditor shape answers per
 * role) and the ref name the commit was resolved from (it is echoed in {@code sources[].ref}).
 *
 * @param canonical the normalised request, each part length-prefixed so no value can imitate a
 *     separator; kept for logs and tests
 * @param value SHA-256 of {@code canonical} in hex: the store key, bounded whatever the question's length
 */
public record AnswerCacheKey(String canonical, String value) {

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  public static AnswerCacheKey of(QueryRequested request, RepoRef resolved) {
    StringBuilder canonical = new StringBuilder();
    part(canonical, resolved.getKind().name());
    part(canonical, resolved.getRepo().strip());
    part(canonical, resolved.getCommitSha() == null ? "" : resolved.getCommitSha().toLowerCase(Locale.ROOT));
    part(canonical, resolved.getRef());
    part(canonical, request.getRole().name());
    part(canonical, request.getAction().name());
    part(canonical, request.getPath());
    part(canonical, request.getStartLine() == null ? null : request.getStartLine().toString());
    part(canonical, request.getEndLine() == null ? null : request.getEndLine().toString());
    part(canonical, normaliseQuestion(request.getQuestion()));
    part(canonical, Boolean.toString(request.getIncludeCoaching()));
    part(canonical, Integer.toString(MatchLimits.maxCandidates(request.getAction(), request.getMaxMatches())));
    String text = canonical.toString();
    return new AnswerCacheKey(text, VerifiedDigests.sha256(text));
  }

  /** Lower-cased, whitespace runs collapsed to one space, trimmed; blank is absent. */
  static String normaliseQuestion(String question) {
    if (question == null) {
      return null;
    }
    String normalised = WHITESPACE.matcher(question.strip().toLowerCase(Locale.ROOT)).replaceAll(" ");
    return normalised.isEmpty() ? null : normalised;
  }

  private static void part(StringBuilder canonical, String value) {
    if (value == null) {
      canonical.append("-;");
    } else {
      canonical.append(value.length()).append(':').append(value).append(';');
    }
  }
}
