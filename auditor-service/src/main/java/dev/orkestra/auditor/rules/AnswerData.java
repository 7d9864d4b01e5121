package dev.orkestra.auditor.rules;

import dev.orkestra.events.query.QueryData;

/** What counts as "empty data" in seed 000's sense (the rendered {@code data} would be {@code {}}). */
final class AnswerData {

  private AnswerData() {}

  static boolean isEmpty(QueryData data) {
    return data == null || (data.getFile() == null && data.getLines() == null
        && (data.getMatches() == null || data.getMatches().isEmpty()) && data.getCoaching() == null);
  }
}
