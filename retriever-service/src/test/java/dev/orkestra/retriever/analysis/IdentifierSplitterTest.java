package dev.orkestra.retriever.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdentifierSplitterTest {

  @Test
  void splitsCamelCaseSnakeCaseAndAcronyms() {
    assertThat(IdentifierSplitter.split("parseJsonValue")).containsExactly("parse", "json", "value");
    assertThat(IdentifierSplitter.split("read_file")).containsExactly("read", "file");
    assertThat(IdentifierSplitter.split("MAX_RETRY_COUNT")).containsExactly("max", "retry", "count");
    assertThat(IdentifierSplitter.split("HTTPServer")).containsExactly("http", "server");
    assertThat(IdentifierSplitter.split("JSONArray")).containsExactly("json", "array");
    assertThat(IdentifierSplitter.split("getX")).containsExactly("get", "x");
    assertThat(IdentifierSplitter.split("__init__")).containsExactly("init");
    assertThat(IdentifierSplitter.split("$Gson$Types")).containsExactly("gson", "types");
    assertThat(IdentifierSplitter.split("token")).containsExactly("token");
  }

  @Test
  void digitsStayWithTheirLettersAndAreAlsoSplitOff() {
    assertThat(IdentifierSplitter.split("ISO8601Utils")).containsExactly("iso8601", "utils");
    assertThat(IdentifierSplitter.split("utf8Decoder")).containsExactly("utf8", "decoder");
    assertThat(IdentifierSplitter.words("ISO8601Utils")).containsExactly("iso8601", "iso", "8601", "utils");
    assertThat(IdentifierSplitter.words("sha256")).containsExactly("sha256", "sha", "256");
    assertThat(IdentifierSplitter.words("readFile")).containsExactly("read", "file");
  }
}
