package dev.orkestra.coordinator.query;

import dev.orkestra.events.query.Excerpt;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.runtime.source.SourceLimits;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * How much verified text one query may carry, so that no record the coordinator writes for it can
 * outgrow {@link dev.orkestra.topics.RecordLimits#MAX_VALUE_BYTES} (docs/coordinator.md, "Size
 * budget"). A named file (get_file, get_lines) may quote up to {@code perQuery} bytes: what the
 * sources read at most, so any file they accept fits. A find/explain match may quote up to
 * {@code perQuery / MatchLimits.MAX_MATCHES}, so even the most matches a query can have stay within
 * {@code perQuery} together: one minified one-line file matched five times cannot make a 5 × 900 KB
 * state. An excerpt over its limit is left out, with a reason naming the limit.
 */
final class ContentBudget {

  /** What the sources read at most (SourceLimits' default, 921,600 bytes). */
  static final ContentBudget DEFAULT = new ContentBudget(Math.toIntExact(SourceLimits.DEFAULT.maxFileBytes()));

  private final int perQuery;

  ContentBudget(int perQuery) {
    if (perQuery < MatchLimits.MAX_MATCHES) {
      throw new IllegalArgumentException("perQuery must be at least " + MatchLimits.MAX_MATCHES + ", was " + perQuery);
    }
    this.perQuery = perQuery;
  }

  /** Bytes of verified text one answer may quote in all. */
  int perQuery() {
    return perQuery;
  }

  /** Bytes of verified text one find/explain match may quote. */
  int perMatch() {
    return perQuery / MatchLimits.MAX_MATCHES;
  }

  /** Why {@code excerpt} cannot be part of an answer to {@code action}, or empty when it fits. */
  Optional<String> refusal(QueryAction action, Excerpt excerpt) {
    int bytes = excerpt.getText().getBytes(StandardCharsets.UTF_8).length;
    boolean namedFile = action == QueryAction.GET_FILE || action == QueryAction.GET_LINES;
    int limit = namedFile ? perQuery : perMatch();
    if (bytes <= limit) {
      return Optional.empty();
    }
    String file = "'" + excerpt.getPath() + "'";
    String place = excerpt.getStartLine() == null ? "file " + file + " holds"
        : "lines " + excerpt.getStartLine() + "-" + excerpt.getEndLine() + " of " + file + " hold";
    return Optional.of(place + " " + bytes + " bytes of text, above the " + limit + "-byte limit "
        + (namedFile ? "of one answer" : "per match"));
  }
}
