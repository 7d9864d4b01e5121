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
  void longCodeIsCutAtTheCap() {
    String input = EmbeddingInput.of("a.py", List.of(), "word ".repeat(1000));

    assertThat(input).hasSize(EmbeddingInput.MAX_CHARS);
  }
}
