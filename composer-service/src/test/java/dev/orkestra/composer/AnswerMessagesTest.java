package dev.orkestra.composer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnswerMessagesTest {

  @Test
  void successMessagesNameWhatWasVerified() {
    assertThat(AnswerMessages.foundMatches(3, "Where is authentication implemented?"))
        .isEqualTo("Found 3 verified matches for \"Where is authentication implemented?\"");
    assertThat(AnswerMessages.foundMatches(1, null)).isEqualTo("Found 1 verified match");
    assertThat(AnswerMessages.verifiedFile("README.md", "0123456789abcdef")).isEqualTo("Verified file README.md at 0123456");
    assertThat(AnswerMessages.verifiedLines("backend/server.py", 45, 60))
        .isEqualTo("Verified lines 45-60 of backend/server.py");
  }

  @Test
  void notAvailableTextsAreTheSeeds() {
    assertThat(AnswerMessages.notAvailable("file not found at path 'nonexistent/file.js'"))
        .isEqualTo("NOT_AVAILABLE: file not found at path 'nonexistent/file.js'");
    assertThat(AnswerMessages.notAvailable("NOT_AVAILABLE: access denied or requires authentication"))
        .isEqualTo("NOT_AVAILABLE: access denied or requires authentication");
    assertThat(AnswerMessages.verificationFailed(0, 4))
        .isEqualTo("NOT_AVAILABLE: Data verification failed (0/4 candidates verified)");
    assertThat(AnswerMessages.NO_MATCHES).isEqualTo("NOT_AVAILABLE: No matches found for query");
  }
}
