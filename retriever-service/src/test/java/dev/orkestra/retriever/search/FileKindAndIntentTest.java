package dev.orkestra.retriever.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileKindAndIntentTest {

  @ParameterizedTest
  @CsvSource({
      "internal/domains/accounts.go, CODE",
      "internal/domains/accounts_test.go, TEST",
      "tests/test_options.py, TEST",
      "src/click/testing.py, CODE",
      "backend/test_server.py, TEST",
      "src/components/App.test.jsx, TEST",
      "web/app.spec.ts, TEST",
      "src/test/java/com/acme/FooTest.java, TEST",
      "src/main/java/com/acme/Contest.java, CODE",
      "docs/Configuration.md, PROSE",
      "IMPLEMENTATION_SUMMARY.md, PROSE",
      "README, PROSE",
      "CHANGES.rst, PROSE",
      "internal/view/assets/js/vue.js, CODE"})
  void aFileKindIsReadFromItsPath(String path, FileKind kind) {
    assertThat(FileKind.of(path)).isEqualTo(kind);
  }

  @Test
  void aQuestionAboutBehaviourWantsCodeAndKeepsAShareForTestsAndProse() {
    QuestionIntent intent = QuestionIntent.of("Where is a user's password scrambled before it is saved?");
    assertThat(intent.prior(FileKind.CODE)).isEqualTo(1.0);
    assertThat(intent.prior(FileKind.TEST)).isEqualTo(QuestionIntent.TEST_PRIOR);
    assertThat(intent.prior(FileKind.PROSE)).isEqualTo(QuestionIntent.PROSE_PRIOR);
  }

  @Test
  void aQuestionThatNamesDocsOrTestsWantsThem() {
    assertThat(QuestionIntent.of("What does the documentation say about nginx?").prior(FileKind.PROSE)).isEqualTo(1.0);
    assertThat(QuestionIntent.of("How is the login tested?").prior(FileKind.TEST)).isEqualTo(1.0);
    assertThat(QuestionIntent.of("How is the login tested?").prior(FileKind.PROSE))
        .isEqualTo(QuestionIntent.PROSE_PRIOR);
  }
}
