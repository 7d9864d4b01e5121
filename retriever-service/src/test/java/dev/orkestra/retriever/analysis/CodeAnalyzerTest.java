package dev.orkestra.retriever.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.retriever.search.QueryTerms;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodeAnalyzerTest {

  private final CodeAnalyzer analyzer = new CodeAnalyzer();

  private List<String> terms(String text) {
    return QueryTerms.analyze(analyzer, text);
  }

  @Test
  void keepsIdentifiersWholeAndAddsTheirWords() {
    assertThat(terms("parseJsonValue")).containsExactly("parsejsonvalu", "pars", "json", "valu");
    assertThat(terms("read_file")).containsExactly("read_fil", "read", "file");
  }

  @Test
  void splitsPathsAndCallsAtPunctuation() {
    assertThat(terms("backend/auth/tokens.py")).containsExactly("backend", "auth", "token", "py");
    assertThat(terms("session.refreshToken()")).containsExactly("session", "refreshtoken", "refresh", "token");
  }

  @Test
  void dropsStopWordsAndSingleLettersAndStemsEnglish() {
    assertThat(terms("the serialization of a value")).containsExactly("serial", "valu");
    assertThat(terms("for (int i = 0; i < n; i++)")).containsExactly("int");
  }

  @Test
  void aQuestionInWordsMeetsTheIdentifierInCode() {
    List<String> code = terms("public Object parseJsonValue(JsonReader reader) { return readFile(path); }");

    assertThat(code).containsAll(terms("parse json value"));
    assertThat(code).containsAll(terms("JSON reader"));
    assertThat(code).containsAll(terms("reading files"));
    assertThat(code).containsAll(terms("parseJsonValue"));
  }
}
