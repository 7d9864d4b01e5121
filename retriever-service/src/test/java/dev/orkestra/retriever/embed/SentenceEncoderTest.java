package dev.orkestra.retriever.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SentenceEncoderTest {

  @BeforeAll
  static void nativeFiles() {
    NativeDirs.configure(Path.of("target", "native"));
  }

  /** Short and long texts (past the model's 128 word pieces), code, prose, non-Latin, one character. */
  private static List<String> texts() {
    List<String> texts = new ArrayList<>(List.of(
        "x",
        "where is a user's password hashed before it is saved",
        "src/main/java/Foo.java Foo parse public static Foo parse String text return new Foo text trim",
        "Überprüfung der Eingabe — 入力の検証 — проверка ввода",
        "func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { if err != nil { return } }"));
    texts.add("def handler request ".repeat(60));
    texts.add("A long paragraph of documentation that explains the configuration options. ".repeat(12));
    for (int i = 0; i < 13; i++) {
      texts.add("chunk " + i + " of a file with a variable number of words " + "word ".repeat(i * 7));
    }
    return texts;
  }

  @ParameterizedTest
  @EnumSource(EmbeddingModelChoice.class)
  void everyVectorIsTheOneLangchain4jComputesForTheSameText(EmbeddingModelChoice choice) throws Exception {
    AbstractInProcessEmbeddingModel reference = choice.loadReference();
    try (SentenceEncoder encoder = choice.loadEncoder()) {
      List<String> texts = texts();
      List<float[]> vectors = encoder.encode(texts);

      assertThat(vectors).hasSize(texts.size());
      for (int i = 0; i < texts.size(); i++) {
        float[] expected = Embedder.normalized(reference.embed(TextSegment.from(texts.get(i))).content().vector());
        assertThat(Embedder.dot(expected, vectors.get(i))).as(texts.get(i)).isGreaterThan(0.99999);
        assertThat(Embedder.dot(vectors.get(i), vectors.get(i))).isCloseTo(1.0, offset(1e-5));
      }
    }
  }

  @Test
  void aTextsVectorIsTheSameAloneAndAmongOthersComputedInParallel() throws Exception {
    // The int8 model: with dynamic quantisation, any sharing of one input tensor would show here.
    try (SentenceEncoder encoder = EmbeddingModelChoice.ALL_MINILM_L6_V2_Q.loadEncoder()) {
      List<String> texts = texts();
      float[] alone = encoder.encode(texts.get(1));
      List<String> reversed = new ArrayList<>(texts);
      Collections.reverse(reversed);
      List<float[]> together = encoder.encode(reversed);

      assertThat(Embedder.dot(alone, together.get(reversed.size() - 2))).isGreaterThan(0.999999);
    }
  }

  @Test
  void differentTextsGetDifferentVectorsAndNoTextsNoVectors() throws Exception {
    try (SentenceEncoder encoder = EmbeddingModelChoice.DEFAULT.loadEncoder()) {
      List<float[]> vectors = encoder.encode(List.of("parse a date string", "render the login page"));

      assertThat(Embedder.dot(vectors.get(0), vectors.get(1))).isLessThan(0.9);
      assertThat(encoder.encode(List.of())).isEmpty();
    }
  }
}
