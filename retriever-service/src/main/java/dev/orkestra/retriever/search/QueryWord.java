package dev.orkestra.retriever.search;

import java.util.List;

/**
 * One content word of a question as the index sees it: {@code whole} is the analysed identifier
 * (stemmed, lower case), {@code parts} its analysed sub-words when it is a compound like
 * {@code JsonReader} (empty otherwise).
 */
public record QueryWord(String raw, String whole, List<String> parts) {

  public QueryWord {
    parts = List.copyOf(parts);
  }

  /** Every index term this word may match. */
  public List<String> forms() {
    if (parts.isEmpty()) {
      return List.of(whole);
    }
    var forms = new java.util.ArrayList<String>();
    forms.add(whole);
    parts.stream().filter(p -> !p.equals(whole)).forEach(forms::add);
    return forms;
  }
}
