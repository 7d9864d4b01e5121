package dev.orkestra.reviewer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.task.ReviewRequested;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReviewPromptTest {

  private static final ModelRef GEMINI = ModelRef.newBuilder().setModelId("gemini-pro").setFamily("gemini").build();

  @Test
  void aCodeReviewShowsWhatTheAttemptWasAskedToFixSoTheReviewerCanCheckIt() {
    ReviewRequested retry = ReviewRequested.newBuilder(ReviewerFixtures.codeReview(Path.of("repo"), GEMINI, "a", "b"))
        .setAttempt(2)
        .setFeedback(List.of("gate: tests failed (exit 1):\nFAILED CalcTest.multiplies", "required: Add a test"))
        .build();

    String text = user(ReviewPrompt.code(retry, "diff --git a/x b/x", "(none)"));

    assertThat(text).contains("Attempt 2. What it was asked to fix")
        .contains("- gate: tests failed (exit 1):\nFAILED CalcTest.multiplies\n- required: Add a test");
  }

  @Test
  void aFirstAttemptSaysThereWasNothingToFix() {
    ReviewRequested first = ReviewerFixtures.codeReview(Path.of("repo"), GEMINI, "a", "b");

    assertThat(user(ReviewPrompt.code(first, "diff --git a/x b/x", "(none)")))
        .contains("Attempt 1. What it was asked to fix").contains("(nothing: a first attempt)");
  }

  private static String user(List<ChatMessage> messages) {
    return ((UserMessage) messages.getLast()).singleText();
  }
}
