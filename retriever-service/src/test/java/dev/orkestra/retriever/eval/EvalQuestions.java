package dev.orkestra.retriever.eval;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The question set of an evaluation corpus: answerable questions with the files to cite, and unanswerable ones. */
record EvalQuestions(String corpus, String prefix, List<Question> questions, List<String> unanswerable,
    Holdout holdout) {

  /** Questions written after calibration and never used for it. */
  record Holdout(List<Question> questions, List<String> unanswerable) {}

  /** The hold-out questions as a set of their own (same corpus and prefix). */
  EvalQuestions heldOut() {
    return new EvalQuestions(corpus, prefix, holdout == null ? List.of() : holdout.questions(),
        holdout == null ? List.of() : holdout.unanswerable(), null);
  }

  record Question(String question, List<Expected> expect) {}

  /** A file to cite, optionally with the lines that answer ({@code "120-140"}). */
  record Expected(String path, String lines) {

    int startLine() {
      return lines == null ? 0 : Integer.parseInt(lines.split("-")[0].strip());
    }

    int endLine() {
      return lines == null ? 0 : Integer.parseInt(lines.split("-")[1].strip());
    }
  }

  static EvalQuestions load(String resource) {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    try (InputStream in = EvalQuestions.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no question set " + resource + " on the test classpath");
      }
      return yaml.readValue(in, EvalQuestions.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The expected path as it is in the repository. */
  String repoPath(Expected expected) {
    return (prefix == null ? "" : prefix) + expected.path();
  }
}
