package dev.orkestra.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.orkestra.composer.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoachingPromptTest {

  @Test
  void systemMessageHoldsTheGroundingRules() {
    List<ChatMessage> messages = CoachingPrompt.messages("How can I add OAuth?", Fixtures.github("main"),
        SynthesisFixtures.authExcerpts());

    String system = ((SystemMessage) messages.getFirst()).text();
    assertThat(system).contains("Use ONLY the verified excerpts").contains("(path:start-end)")
        .contains("\"NOT_AVAILABLE: \"").contains("\"Suggestion:\"");
  }

  @Test
  void userMessageHoldsTheQuestionAndEveryExcerptVerbatimWithItsCitation() {
    List<ChatMessage> messages = CoachingPrompt.messages("How can I add OAuth?", Fixtures.github("main"),
        SynthesisFixtures.authExcerpts());

    String user = ((UserMessage) messages.get(1)).singleText();
    assertThat(user).startsWith("Question: How can I add OAuth?\n")
        .contains("at commit " + Fixtures.COMMIT)
        .contains("[1] backend/auth.py:10-11 (candidate c1)\n```\n" + Fixtures.AUTH_LINES + "\n```\n")
        .contains("[2] backend/server.py:45-46 (candidate c2)");
  }

  @Test
  void hugeExcerptsAreTruncatedAndSaySo() {
    String big = "x".repeat(CoachingPrompt.MAX_EXCERPT_CHARS + 10);
    String user = CoachingPrompt.userText("q", Fixtures.github("main"),
        List.of(Fixtures.lines("c1", "big.txt", 1, 1, big, 1.0)));

    assertThat(user).contains("truncated to the first " + CoachingPrompt.MAX_EXCERPT_CHARS + " characters")
        .doesNotContain("x".repeat(CoachingPrompt.MAX_EXCERPT_CHARS + 1));
  }
}
