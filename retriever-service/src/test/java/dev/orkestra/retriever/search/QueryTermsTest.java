package dev.orkestra.retriever.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.retriever.analysis.CodeAnalyzer;
import org.junit.jupiter.api.Test;

class QueryTermsTest {

  private final CodeAnalyzer analyzer = new CodeAnalyzer();

  @Test
  void keepsWhatTheQuestionIsAboutNotHowItAsks() {
    assertThat(QueryTerms.of("Where is authentication implemented?", analyzer))
        .extracting(QueryWord::whole).containsExactly("authent");
    assertThat(QueryTerms.of("How does the code handle the OAuth token refresh?", analyzer))
        .extracting(QueryWord::whole).containsExactly("oauth", "token", "refresh");
  }

  @Test
  void compoundIdentifiersKeepTheirParts() {
    assertThat(QueryTerms.of("What does JsonReader.peek return?", analyzer))
        .containsExactly(new QueryWord("JsonReader", "jsonread", java.util.List.of("json", "reader")),
            new QueryWord("peek", "peek", java.util.List.of()), new QueryWord("return", "return", java.util.List.of()));
  }

  @Test
  void repeatedWordsCountOnceAndNothingIsLeftOfAnEmptyQuestion() {
    assertThat(QueryTerms.of("token tokens Token", analyzer)).hasSize(1);
    assertThat(QueryTerms.of("How does it work?", analyzer)).isEmpty();
    assertThat(QueryTerms.of(null, analyzer)).isEmpty();
  }
}
