package dev.orkestra.retriever.rerank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QueryRewriteTest {

  private static final String QUESTION = "Where does the login route check the credentials?";

  @Test
  void takesIdentifiersAndPathsFromTheTermsList() {
    assertThat(QueryRewrite.parse("```json\n{\"terms\": [\"verify_password\", \"authenticate()\", \"backend/auth.py\","
        + " \"SESSIONS\"]}\n```", QUESTION))
        .containsExactly("verify_password", "authenticate", "backend/auth.py", "SESSIONS");
    assertThat(QueryRewrite.parse("[\"hash_password, pbkdf2_hmac\"]", QUESTION)).containsExactly("hash_password",
        "pbkdf2_hmac");
  }

  @Test
  void dropsWhatIsNotATermWordsOfTheQuestionDuplicatesAndWhatWouldChangeTheIntent() {
    assertThat(QueryRewrite.parse("{\"terms\": [\"login\", \"Credentials\", \"x\", \"rm -rf /\", \"<script>\", 42,"
        + " {\"a\": 1}, \"verify\", \"VERIFY\", \"test_auth.py\", \"README\", \"" + "a".repeat(80) + "\"]}", QUESTION))
        .containsExactly("rm", "rf", "script", "verify"); // harmless words: the search drops those the repository lacks
    // A question about tests may get test terms.
    assertThat(QueryRewrite.parse("[\"test_auth.py\"]", "How is login tested?")).containsExactly("test_auth.py");
  }

  @Test
  void takesAtMostTwelveTerms() {
    String many = IntStream.range(0, 30).mapToObj(i -> "\"term" + i + "\"").collect(Collectors.joining(", "));

    assertThat(QueryRewrite.parse("{\"terms\": [" + many + "]}", QUESTION)).hasSize(QueryRewrite.MAX_TERMS)
        .startsWith("term0").endsWith("term11");
  }

  @Test
  void aReplyWithoutATermsListHasNoTerms() {
    assertThat(QueryRewrite.parse("verify_password and authenticate", QUESTION)).isEmpty();
    assertThat(QueryRewrite.parse("{\"keywords\": [\"verify_password\"]}", QUESTION)).isEmpty();
    assertThat(QueryRewrite.parse("{\"terms\": \"verify_password\"}", QUESTION)).isEmpty();
  }

  @Test
  void theQuestionIsSearchedWithTheTermsNotReplacedByThem() {
    assertThat(QueryRewrite.expanded(" " + QUESTION + " ", java.util.List.of("verify_password", "SESSIONS")))
        .isEqualTo(QUESTION + "\nverify_password SESSIONS");
  }
}
