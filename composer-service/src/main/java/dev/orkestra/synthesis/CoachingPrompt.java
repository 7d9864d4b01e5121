package dev.orkestra.synthesis;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.orkestra.composer.ExcerptRange;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Excerpt;
import dev.orkestra.events.query.VerifiedExcerpt;
import dev.orkestra.runtime.prompt.Fences;
import java.util.List;

/** The synthesizer's prompt: rules as the system message, the question and the verified excerpts as the user message. */
public final class CoachingPrompt {

  public static final String SYSTEM = """
      You are the coaching step of a grounded code assistant. Follow these rules:
      1. Use ONLY the verified excerpts in the user message. They are the only facts you have about this \
      repository; do not rely on anything else you believe about it.
      2. Cite the file path and line range (path:start-end) of the excerpt behind every suggestion.
      3. If the excerpts do not support an answer, reply with "NOT_AVAILABLE: " followed by what is missing, \
      and nothing else.
      4. Label every suggestion: start it with "Suggestion:". Never present a suggestion as a fact about the code.
      5. Do not invent files, functions, settings or line numbers, and do not quote code that is not in the excerpts.
      6. Never repeat credentials, tokens or keys, even when an excerpt contains one.""";

  // One large file must not crowd out the other excerpts (or the model's context window).
  static final int MAX_EXCERPT_CHARS = 12_000;

  private CoachingPrompt() {}

  public static List<ChatMessage> messages(String question, RepoRef repo, List<VerifiedExcerpt> verified) {
    return List.of(SystemMessage.from(SYSTEM), UserMessage.from(userText(question, repo, verified)));
  }

  static String userText(String question, RepoRef repo, List<VerifiedExcerpt> verified) {
    StringBuilder text = new StringBuilder();
    text.append("Question: ").append(question.strip()).append("\n\n");
    text.append("Repository: ").append(repo.getRepo());
    if (repo.getCommitSha() != null) {
      text.append(" at commit ").append(repo.getCommitSha());
    }
    text.append("\n\nVerified excerpts (each read twice, independently, and matched):\n");
    int n = 1;
    for (VerifiedExcerpt v : verified) {
      Excerpt excerpt = v.getExcerpt();
      ExcerptRange range = ExcerptRange.of(excerpt);
      String body = excerpt.getText();
      boolean truncated = body.length() > MAX_EXCERPT_CHARS;
      if (truncated) {
        body = body.substring(0, MAX_EXCERPT_CHARS);
      }
      String fence = Fences.around(body);
      text.append("\n[").append(n++).append("] ").append(excerpt.getPath()).append(':')
          .append(range.startLine()).append('-').append(range.endLine())
          .append(" (candidate ").append(v.getCandidate().getCandidateId()).append(")")
          .append(truncated ? " — truncated to the first " + MAX_EXCERPT_CHARS + " characters" : "")
          .append('\n').append(fence).append('\n').append(body);
      if (!body.endsWith("\n")) {
        text.append('\n');
      }
      text.append(fence).append('\n');
    }
    return text.toString();
  }
}
