package dev.orkestra.reviewer;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.orkestra.events.task.CodeChange;
import dev.orkestra.events.task.DiffStat;
import dev.orkestra.events.task.ReviewRequested;
import dev.orkestra.events.task.TaskSpec;
import dev.orkestra.planner.context.TaskText;
import dev.orkestra.planner.plan.PlanWriter;
import dev.orkestra.runtime.prompt.Fences;
import dev.orkestra.runtime.prompt.PromptTemplate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reviewer's prompts (templates {@code plan-review-*.txt}, {@code code-review-*.txt}). A plan
 * review sees the task, its constraints and quality rules, and the plan; a code review sees the
 * task, the step, the implementer's explanation, the diff read from git and the repository's policy
 * files at the commit. The gate's findings are not shown: the request does not carry them
 * (docs/task-roles.md, "Contract gaps").
 */
final class ReviewPrompt {

  static final PromptTemplate PLAN_SYSTEM = PromptTemplate.load(ReviewPrompt.class, "plan-review-system.txt");
  static final PromptTemplate PLAN_USER = PromptTemplate.load(ReviewPrompt.class, "plan-review-user.txt");
  static final PromptTemplate CODE_SYSTEM = PromptTemplate.load(ReviewPrompt.class, "code-review-system.txt");
  static final PromptTemplate CODE_USER = PromptTemplate.load(ReviewPrompt.class, "code-review-user.txt");
  static final int MAX_EXPLANATION_CHARS = 8_000;

  private ReviewPrompt() {}

  static List<ChatMessage> plan(ReviewRequested request) {
    TaskSpec task = request.getTask();
    String text = PLAN_USER.fill(Map.of(
        "task_id", task.getTaskId(),
        "goal", task.getGoal().strip(),
        "risk", task.getRisk().name().toLowerCase(Locale.ROOT),
        "area", task.getArea(),
        "constraints", TaskText.bullets(task.getConstraints(), "(none)"),
        "quality", TaskText.quality(task.getQuality()),
        "plan_version", Integer.toString(request.getPlan().getPlanVersion()),
        "author", request.getAuthor().getModelId(),
        "plan", Fences.fenced(PlanWriter.json(task.getTaskId(), request.getPlan()))));
    return List.of(SystemMessage.from(PLAN_SYSTEM.text()), UserMessage.from(text));
  }

  static List<ChatMessage> code(ReviewRequested request, String diff, String policyFiles) {
    TaskSpec task = request.getTask();
    CodeChange change = request.getChange();
    String explanation = request.getExplanation() == null || request.getExplanation().isBlank() ? "(none given)"
        : cut(request.getExplanation().strip());
    String text = CODE_USER.fill(Map.ofEntries(
        Map.entry("task_id", task.getTaskId()),
        Map.entry("goal", task.getGoal().strip()),
        Map.entry("constraints", TaskText.bullets(task.getConstraints(), "(none)")),
        Map.entry("quality", TaskText.quality(task.getQuality())),
        Map.entry("step_id", request.getStep().getId()),
        Map.entry("plan_version", request.getPlan() == null ? "?" : Integer.toString(request.getPlan().getPlanVersion())),
        Map.entry("step", Fences.fenced(PlanWriter.stepJson(request.getStep()))),
        Map.entry("author", request.getAuthor().getModelId()),
        Map.entry("attempt", Integer.toString(request.getAttempt())),
        Map.entry("feedback", TaskText.bullets(request.getFeedback(), "(nothing: a first attempt)")),
        Map.entry("explanation", Fences.fenced(explanation)),
        Map.entry("branch", change.getBranch()),
        Map.entry("base", change.getBaseSha()),
        Map.entry("commit", change.getCommitSha()),
        Map.entry("stat", stat(change.getDiffStat())),
        Map.entry("diff", Fences.fenced(diff)),
        Map.entry("policy_files", policyFiles)));
    return List.of(SystemMessage.from(CODE_SYSTEM.text()), UserMessage.from(text));
  }

  private static String stat(DiffStat stat) {
    return stat == null ? "no diff stat given" : stat.getFilesChanged() + " files changed, +" + stat.getInsertions()
        + " -" + stat.getDeletions();
  }

  private static String cut(String explanation) {
    return explanation.length() <= MAX_EXPLANATION_CHARS ? explanation
        : explanation.substring(0, MAX_EXPLANATION_CHARS) + "\n[... the rest of the explanation is cut]";
  }
}
