package dev.orkestra.implementer.backend;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.orkestra.implementer.edit.BlockFailure;
import dev.orkestra.implementer.edit.EditParser;
import dev.orkestra.implementer.edit.ParsedReply;
import dev.orkestra.implementer.edit.WorkTreeEdits;
import dev.orkestra.implementer.prompt.RepairPrompt;
import dev.orkestra.implementer.prompt.StepPrompt;
import dev.orkestra.models.ModelCall;
import dev.orkestra.runtime.PermanentFailureException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A chat model implements the step by answering in aider's SEARCH/REPLACE and whole-file formats.
 * Blocks are applied exactly ({@link WorkTreeEdits}); blocks that fail, and parts of the reply that
 * are not blocks, go back to the model in the same conversation with the reasons and the file's
 * nearest lines ({@link RepairPrompt}), up to {@value #MAX_REPAIR_ROUNDS} rounds. Only when every
 * block applied are the files written; otherwise the attempt fails and the work tree is unchanged.
 * Every call goes through the request's call journal, so a continued or redelivered request gets
 * the same replies again without paying, and makes the same edits.
 */
public final class ModelEditBackend implements ImplementerBackend {

  public static final String ROLE = "implementer";
  public static final int MAX_REPAIR_ROUNDS = 2;

  @Override
  public Implementation implement(StepWork work) throws Exception {
    List<ChatMessage> conversation = new ArrayList<>(StepPrompt.messages(work.value(), work.workspace(),
        work.previousAttempt()));
    String reply = call(work, conversation);
    ParsedReply parsed = EditParser.parse(reply);
    String explanation = parsed.prose();
    Double confidence = parsed.confidence();
    WorkTreeEdits edits = new WorkTreeEdits(work.workspace());
    List<BlockFailure> failures = edits.apply(parsed.blocks());
    List<String> problems = parsed.problems();
    int applied = parsed.blocks().size() - failures.size();
    for (int round = 1; round <= MAX_REPAIR_ROUNDS && (!failures.isEmpty() || !problems.isEmpty()); round++) {
      conversation.add(AiMessage.from(reply));
      conversation.add(UserMessage.from(RepairPrompt.text(failures, problems, applied)));
      reply = call(work, conversation);
      parsed = EditParser.parse(reply);
      if (parsed.confidence() != null) {
        confidence = parsed.confidence();
      }
      failures = edits.apply(parsed.blocks());
      problems = parsed.problems();
      applied += parsed.blocks().size() - failures.size();
    }
    if (!failures.isEmpty() || !problems.isEmpty()) {
      throw new PermanentFailureException("edits_not_applied", "the edits of " + work.model().id() + " for step "
          + work.value().getStep().getId() + " still do not apply after " + MAX_REPAIR_ROUNDS + " repair rounds, so "
          + "nothing was committed: " + describe(failures, problems));
    }
    edits.write();
    return new Implementation(explanation, confidence, edits.changed());
  }

  private static String call(StepWork work, List<ChatMessage> conversation) throws Exception {
    return work.request().callModel(work.registry(), new ModelCall(work.model().id(), ROLE, conversation)).text();
  }

  private static String describe(List<BlockFailure> failures, List<String> problems) {
    List<String> reasons = new ArrayList<>();
    failures.stream().limit(10).forEach(f -> reasons.add(f.block().path() + ": " + f.reason()));
    problems.stream().limit(5).forEach(reasons::add);
    int more = failures.size() + problems.size() - reasons.size();
    return reasons.stream().collect(Collectors.joining("; ")) + (more > 0 ? "; and " + more + " more" : "");
  }
}
