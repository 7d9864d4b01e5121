package dev.orkestra.planner.reply;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.orkestra.models.ModelCall;
import dev.orkestra.models.ModelCallException;
import dev.orkestra.models.ModelConfigException;
import dev.orkestra.runtime.ModelCaller;
import dev.orkestra.runtime.ModelFailures;
import dev.orkestra.runtime.PermanentFailureException;
import dev.orkestra.runtime.TransientFailureException;
import dev.orkestra.runtime.prompt.PromptTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One model call and, when its reply cannot be used, exactly one repair: a second call that shows
 * the model its previous reply and the exact problems found in it. Never more: a model that fails
 * twice is not going to be talked round, and every call is paid for. Both calls go through the
 * request's {@link ModelCaller}, so a redelivery replays them from the action log; the repair's
 * messages are built only from the first reply, so a replay asks the same second question.
 */
public final class RepairRound {

  private static final PromptTemplate REPAIR = PromptTemplate.load(RepairRound.class, "repair.txt");
  // The previous reply goes back to the model; a runaway one must not blow up the second prompt.
  static final int MAX_ECHOED_REPLY_CHARS = 20_000;
  static final int MAX_PROBLEMS_SHOWN = 30;

  /** What the last call gave, and how many calls were made (1 or 2). */
  public record Outcome<T>(ReplyReader.Read<T> read, String lastReply, int calls) {}

  private RepairRound() {}

  /**
   * @throws TransientFailureException when the model failed in a way a retry may fix (timeout, 429, 5xx)
   * @throws PermanentFailureException when it failed in a way no retry fixes (bad key, unknown model)
   */
  public static <T> Outcome<T> call(ModelCaller caller, String modelId, String role, List<ChatMessage> prompt,
      ReplyReader<T> reader) throws Exception {
    String first = ask(caller, new ModelCall(modelId, role, prompt));
    ReplyReader.Read<T> read = reader.read(first);
    if (read.usable()) {
      return new Outcome<>(read, first, 1);
    }
    List<ChatMessage> repair = new ArrayList<>(prompt);
    repair.add(AiMessage.from(echoed(first)));
    repair.add(UserMessage.from(repairText(read.problems())));
    String second = ask(caller, new ModelCall(modelId, role, repair));
    return new Outcome<>(reader.read(second), second, 2);
  }

  static String repairText(List<String> problems) {
    StringBuilder list = new StringBuilder();
    problems.stream().limit(MAX_PROBLEMS_SHOWN).forEach(problem -> list.append("- ").append(problem).append('\n'));
    if (problems.size() > MAX_PROBLEMS_SHOWN) {
      list.append("- ... and ").append(problems.size() - MAX_PROBLEMS_SHOWN).append(" more\n");
    }
    return REPAIR.fill(Map.of("problems", list.toString().stripTrailing()));
  }

  private static String echoed(String reply) {
    if (reply == null || reply.isBlank()) {
      return "(an empty reply)";
    }
    return reply.length() <= MAX_ECHOED_REPLY_CHARS ? reply
        : reply.substring(0, MAX_ECHOED_REPLY_CHARS) + "\n[... " + (reply.length() - MAX_ECHOED_REPLY_CHARS)
            + " more characters of this reply not shown]";
  }

  private static String ask(ModelCaller caller, ModelCall call) throws Exception {
    try {
      String text = caller.call(call).text();
      return text == null ? "" : text;
    } catch (ModelCallException | ModelConfigException e) {
      // Only the model's own failures: what the runtime throws (the request was handled elsewhere) goes through.
      String why = call.role() + " model '" + call.modelId() + "' failed: " + e.getMessage();
      if (ModelFailures.isTransient(e)) {
        throw new TransientFailureException(why, e);
      }
      throw new PermanentFailureException("model_failed", why, e);
    }
  }
}
