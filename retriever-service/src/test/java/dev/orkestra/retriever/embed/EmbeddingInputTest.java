package dev.orkestra.retriever.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddingInputTest {

  @Test
  void pathAndNamesComeFirstThenTheCodeWithoutPunctuationOrIndentation() {
    String input = EmbeddingInput.of("internal/core/url.go", List.of("RemoveUTMParams"),
        "func RemoveUTMParams(url string) (string, error) {\n\t\tif strings.HasPrefix(key, \"utm_\") {\n");

    assertThat(input).startsWith("internal/core/url.go\nRemoveUTMParams\n");
    assertThat(input).contains("func RemoveUTMParams url string string error \n");
    assertThat(input).contains("if strings.HasPrefix key utm_ \n");
    assertThat(input).doesNotContain("{").doesNotContain("(").doesNotContain("\"").doesNotContain("\t");
  }

  @Test
  void cStyleCommentsComeBeforeTheCodeWithoutTheirMarkers() {
    String input = EmbeddingInput.of("Gson.java", List.of("toJson"), """
        public String toJson(Object src) {
          // Serializes the object tree
          return write(src);
        }
        /**
         * Writes pretty-printed output.
         */
        # not a C-style comment
        """);

    assertThat(input).startsWith("Gson.java\ntoJson\n");
    int code = input.indexOf("public String toJson");
    assertThat(input.indexOf("Serializes the object tree")).isPositive().isLessThan(code);
    assertThat(input.indexOf("Writes pretty-printed output.")).isPositive().isLessThan(code);
    assertThat(input).contains("# not a C-style comment").doesNotContain("//").doesNotContain("/**");
  }

  @Test
  void longCodeIsCutAtTheCap() {
    String input = EmbeddingInput.of("a.py", List.of(), "word ".repeat(1000));

    assertThat(input).hasSize(EmbeddingInput.MAX_CHARS);
  }
}
