package dev.orkestra.implementer.prompt;

import dev.orkestra.implementer.edit.BlockFailure;
import dev.orkestra.implementer.edit.EditBlock;
import dev.orkestra.runtime.prompt.Fences;
import dev.orkestra.runtime.prompt.PromptTemplate;
import java.util.List;
import java.util.Map;

/**
 * The message of a repair round, as aider sends it: each block that failed, shown back as the model
 * wrote it, with why, and for a SEARCH that matched nowhere the file's nearest actual lines; the
 * reply's unreadable parts; and the instruction to resend only the failed blocks. A block's
 * sections are shown up to {@value #MAX_SECTION_CHARS} characters, the message up to
 * {@value #MAX_CHARS}.
 */
public final class RepairPrompt {

  static final int MAX_SECTION_CHARS = 4_000;
  static final int MAX_CHARS = 40_000;

  private static final PromptTemplate TEMPLATE = PromptTemplate.load(RepairPrompt.class, "implementer-repair.txt");

  private RepairPrompt() {}

  /** @param applied how many blocks of the replies so far did apply (they stay applied) */
  public static String text(List<BlockFailure> failures, List<String> problems, int applied) {
    StringBuilder text = new StringBuilder();
    for (BlockFailure failure : failures) {
      if (text.length() > MAX_CHARS) {
        text.append("… (further failed blocks not shown)\n");
        break;
      }
      text.append(failure(failure)).append('\n');
    }
    if (!problems.isEmpty()) {
      text.append("## Parts of your reply that could not be read as edit blocks\n");
      for (String problem : problems) {
        text.append("- ").append(problem).append('\n');
      }
    }
    return TEMPLATE.fill(Map.of(
        "count", String.valueOf(failures.size() + problems.size()),
        "applied", applied == 0 ? "" : applied + " other block" + (applied == 1 ? " was" : "s were")
            + " applied and will be kept: do not send " + (applied == 1 ? "it" : "them") + " again. ",
        "failures", text.toString()));
  }

  private static String failure(BlockFailure failure) {
    StringBuilder text = new StringBuilder();
    EditBlock block = failure.block();
    text.append("## ").append(block.path()).append(": ").append(failure.reason()).append('\n');
    switch (block) {
      case EditBlock.SearchReplace edit -> text.append(Fences.fenced(block.path() + "\n<<<<<<< SEARCH\n"
          + section(edit.search()) + "=======\n" + section(edit.replace()) + ">>>>>>> REPLACE\n"));
      case EditBlock.WholeFile whole -> text.append("(a whole-file block of ").append(whole.content().length())
          .append(" characters)\n");
    }
    failure.nearest().ifPresent(nearest -> text.append("\nDid you mean these actual lines of ").append(block.path())
        .append(" (lines ").append(nearest.start()).append('-').append(nearest.end()).append(")?\n")
        .append(Fences.fenced(nearest.text())));
    if (failure.replaceAlreadyPresent()) {
      text.append("\nThe REPLACE lines are already in ").append(block.path())
          .append(": if the change is made, leave this block out.\n");
    }
    return text.toString();
  }

  private static String section(String text) {
    return text.length() <= MAX_SECTION_CHARS ? text
        : text.substring(0, MAX_SECTION_CHARS) + "\n… (cut at " + MAX_SECTION_CHARS + " characters)\n";
  }
}
