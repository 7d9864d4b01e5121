package dev.orkestra.implementer.prompt;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.orkestra.events.task.ImplementationRequested;
import dev.orkestra.events.task.PlanStep;
import dev.orkestra.events.task.QualityPolicy;
import dev.orkestra.events.task.TaskSpec;
import dev.orkestra.runtime.prompt.Fences;
import dev.orkestra.runtime.prompt.PromptTemplate;
import dev.orkestra.runtime.source.SourceException;
import dev.orkestra.runtime.workspace.Workspace;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The implementer's first message: the edit formats as the system message; as the user message the
 * feedback on the previous attempt first (when there is any), the task's goal and constraints, the
 * step, the content of the files it names (the files to modify first), and the repository's file
 * list. Everything is bounded — a file to {@value #MAX_FILE_CHARS} characters, all files to
 * {@value #MAX_FILES_CHARS}, the list to {@value #MAX_TREE_LINES} paths — and every cut is said in
 * the prompt, so the model knows what it has not seen. Nothing in it depends on the time: a
 * redelivered request asks the same question, and the call journal replays its answer.
 */
public final class StepPrompt {

  static final int MAX_FILE_CHARS = 20_000;
  static final int MAX_FILES_CHARS = 120_000;
  static final int MAX_FILES = 40;
  static final int MAX_TREE_LINES = 300;
  static final int MAX_FEEDBACK_CHARS = 16_000;

  private static final PromptTemplate SYSTEM = PromptTemplate.load(StepPrompt.class, "implementer-system.txt");
  private static final PromptTemplate USER = PromptTemplate.load(StepPrompt.class, "implementer-step.txt");

  private StepPrompt() {}

  /** The system message: the two edit formats and the rules. */
  public static String system() {
    return SYSTEM.text();
  }

  /**
   * @param previousAttempt the commit of this step's earlier attempt the work tree is at, or null
   *     when it is at the head the step was asked to build on
   */
  public static List<ChatMessage> messages(ImplementationRequested request, Workspace workspace,
      String previousAttempt) throws IOException {
    return List.of(SystemMessage.from(system()), UserMessage.from(user(request, workspace, previousAttempt)));
  }

  static String user(ImplementationRequested request, Workspace workspace, String previousAttempt)
      throws IOException {
    RepoFiles files = RepoFiles.of(workspace);
    PlanStep step = request.getStep();
    return USER.fill(Map.of(
        "feedback", feedback(request.getFeedback()),
        "task_id", request.getTask().getTaskId(),
        "task", task(request.getTask()),
        "step_id", step.getId(),
        "step", step(step, request.getAttempt()),
        "commit", workspace.baseCommit() + (previousAttempt == null ? ""
            : "; the task branch holds an earlier attempt of this step, and the files below include its changes:"
                + " change them as the feedback asks"),
        "files", files(request, workspace, files),
        "tree", tree(files)));
  }

  private static String feedback(List<String> feedback) {
    if (feedback.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder("# Feedback on the previous attempt (address every point)\n");
    for (String item : feedback) {
      String line = "- " + item.strip().replace("\n", "\n  ") + "\n";
      if (text.length() + line.length() > MAX_FEEDBACK_CHARS) {
        text.append("- … (further feedback cut at ").append(MAX_FEEDBACK_CHARS).append(" characters)\n");
        break;
      }
      text.append(line);
    }
    return text.append('\n').toString();
  }

  private static String task(TaskSpec task) {
    StringBuilder text = new StringBuilder();
    text.append("Goal: ").append(task.getGoal().strip()).append('\n');
    text.append("Risk: ").append(task.getRisk()).append("; area: ").append(task.getArea()).append('\n');
    list(text, "Constraints", task.getConstraints());
    QualityPolicy quality = task.getQuality();
    if (quality != null) {
      List<String> rules = new ArrayList<>();
      if (quality.getAllTestsPass()) {
        rules.add("all tests must pass");
      }
      if (quality.getZeroWarnings()) {
        rules.add("no new warnings (ZERO-WARNINGS)");
      }
      if (quality.getNoCoverageRegression()) {
        rules.add("test coverage must not decrease");
      }
      if (quality.getMinCoveragePercent() != null) {
        rules.add("line coverage at least " + quality.getMinCoveragePercent() + "%");
      }
      list(text, "The quality gate checks", rules);
    }
    return text.toString();
  }

  private static String step(PlanStep step, int attempt) {
    StringBuilder text = new StringBuilder();
    text.append("Type: ").append(step.getType()).append("; risk: ").append(step.getRisk()).append("; complexity: ")
        .append(step.getComplexity()).append("; attempt ").append(attempt).append('\n');
    text.append("Description: ").append(step.getDescription().strip()).append('\n');
    list(text, "Files to modify", step.getFilesToModify());
    list(text, "Files to create", step.getFilesToCreate());
    list(text, "Files to read", step.getFilesToRead());
    if (step.getTestsRequired()) {
      text.append("Tests are required for this step").append(step.getCoverageTarget() == null ? ""
          : " (coverage target " + step.getCoverageTarget() + "%)").append(".\n");
    }
    list(text, "Commands that will be run", step.getCommands());
    list(text, "Done when", step.getVerificationCriteria());
    return text.toString();
  }

  private static void list(StringBuilder text, String title, List<String> items) {
    if (items.isEmpty()) {
      return;
    }
    text.append(title).append(":\n");
    for (String item : items) {
      text.append("- ").append(item.strip()).append('\n');
    }
  }

  private static String files(ImplementationRequested request, Workspace workspace, RepoFiles files)
      throws IOException {
    PlanStep step = request.getStep();
    Set<String> shown = new LinkedHashSet<>();
    List<String> absent = new ArrayList<>();
    List<String> named = new ArrayList<>();
    named.addAll(step.getFilesToModify());
    named.addAll(step.getFilesToRead());
    named.addAll(step.getFilesToCreate());
    named.addAll(request.getTask().getContextFiles());
    for (String name : named) {
      List<String> matching = files.matching(name);
      if (matching.isEmpty()) {
        absent.add(name.strip());
      }
      shown.addAll(matching);
    }
    StringBuilder text = new StringBuilder();
    List<String> left = new ArrayList<>();
    int count = 0;
    for (String path : shown) {
      if (count >= MAX_FILES || text.length() >= MAX_FILES_CHARS) {
        left.add(path);
        continue;
      }
      text.append(file(workspace, path, MAX_FILES_CHARS - text.length()));
      count++;
    }
    if (text.isEmpty()) {
      text.append("(the step names no file that exists yet)\n");
    }
    if (!left.isEmpty()) {
      text.append("\nNot shown (the prompt's limit of ").append(MAX_FILES).append(" files or ").append(MAX_FILES_CHARS)
          .append(" characters was reached): ").append(String.join(", ", cap(left))).append('\n');
    }
    if (!absent.isEmpty()) {
      text.append("\nNot in the repository yet: ").append(String.join(", ", cap(absent))).append('\n');
    }
    return text.toString();
  }

  private static String file(Workspace workspace, String path, int room) throws IOException {
    Path file;
    try {
      file = workspace.file(path);
    } catch (SourceException e) {
      return "\n## " + path + "\n(not shown: " + e.reason() + ")\n";
    }
    if (!Files.isRegularFile(file)) {
      return "\n## " + path + "\n(not a regular file; not shown)\n";
    }
    long size = Files.size(file);
    byte[] bytes;
    try (var in = Files.newInputStream(file)) {
      bytes = in.readNBytes((int) Math.min(size, 4L * MAX_FILE_CHARS));
    }
    String content = text(bytes);
    if (content == null) {
      return "\n## " + path + "\n(binary, " + size + " bytes; not shown)\n";
    }
    int limit = Math.min(MAX_FILE_CHARS, Math.max(room, 0));
    String note = "";
    if (content.length() > limit || bytes.length < size) {
      int cut = content.lastIndexOf('\n', Math.min(limit, content.length()) - 1) + 1;
      content = content.substring(0, Math.max(cut, 0));
      note = "(cut: the file has " + size + " bytes; only its first " + content.lines().count()
          + " lines are shown, so SEARCH only lines shown here)\n";
    }
    return "\n## " + path + "\n" + note + Fences.fenced(content);
  }

  /** UTF-8 text without NUL, else null; a multi-byte character cut at the end of what was read is dropped. */
  private static String text(byte[] bytes) {
    for (byte b : bytes) {
      if (b == 0) {
        return null;
      }
    }
    for (int drop = 0; drop <= Math.min(3, bytes.length); drop++) {
      try {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, bytes.length - drop))
            .toString();
      } catch (CharacterCodingException e) {
        // Try again without the last bytes: they may be the start of a character cut by the read.
      }
    }
    return null;
  }

  private static String tree(RepoFiles files) {
    List<String> paths = files.paths();
    StringBuilder text = new StringBuilder();
    int shown = Math.min(paths.size(), MAX_TREE_LINES);
    for (int i = 0; i < shown; i++) {
      text.append(paths.get(i)).append('\n');
    }
    int more = paths.size() - shown;
    if (more > 0 || !files.complete()) {
      text.append("… and ").append(more).append(files.complete() ? "" : "+").append(" more files\n");
    }
    return text.toString();
  }

  private static List<String> cap(List<String> items) {
    return items.size() <= 50 ? items : List.of(String.join(", ", items.subList(0, 50)), "… " + (items.size() - 50)
        + " more");
  }
}
