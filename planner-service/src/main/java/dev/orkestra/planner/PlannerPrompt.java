package dev.orkestra.planner;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.orkestra.events.task.PlanRequested;
import dev.orkestra.events.task.TaskSpec;
import dev.orkestra.planner.context.TaskText;
import dev.orkestra.planner.plan.PlanWriter;
import dev.orkestra.runtime.prompt.Fences;
import dev.orkestra.runtime.prompt.PromptTemplate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The planner's prompt (templates {@code planner-system.txt} and {@code planner-user.txt}): the
 * rules and the JSON to write as the system message; then, in the user message, what a revision
 * must address first (the review or plan-check problems and the previous plan), the task, its
 * constraints and quality rules, and the repository at the base commit (policy files, tree,
 * context files, search results when there are any). Built only from the request and what was read
 * at a fixed commit, so every run of a request asks exactly the same thing.
 */
final class PlannerPrompt {

  static final PromptTemplate SYSTEM = PromptTemplate.load(PlannerPrompt.class, "planner-system.txt");
  static final PromptTemplate USER = PromptTemplate.load(PlannerPrompt.class, "planner-user.txt");
  // A previous plan is shown whole unless it is a runaway one.
  static final int MAX_PREVIOUS_PLAN_CHARS = 30_000;

  private PlannerPrompt() {}

  static List<ChatMessage> messages(PlanRequested request, PlanningContext context, int planVersion) {
    return List.of(SystemMessage.from(SYSTEM.text()), UserMessage.from(userText(request, context, planVersion)));
  }

  static String userText(PlanRequested request, PlanningContext context, int planVersion) {
    TaskSpec task = request.getTask();
    return USER.fill(Map.ofEntries(
        Map.entry("revision", revision(request)),
        Map.entry("task_id", task.getTaskId()),
        Map.entry("goal", task.getGoal().strip()),
        Map.entry("risk", task.getRisk().name().toLowerCase(Locale.ROOT)),
        Map.entry("area", task.getArea()),
        Map.entry("constraints", TaskText.bullets(task.getConstraints(), "(none)")),
        Map.entry("quality", TaskText.quality(task.getQuality())),
        Map.entry("repo", task.getRepo().getRepo()),
        Map.entry("commit", context.snapshot().commitSha()),
        Map.entry("policy_files", context.policyFiles()),
        Map.entry("tree", context.tree()),
        Map.entry("context_files", context.contextFiles()),
        Map.entry("retrieved", context.retrieved().isBlank() ? ""
            : "\nRelated code found by search:\n" + context.retrieved() + "\n"),
        Map.entry("plan_version", Integer.toString(planVersion))));
  }

  /** First in the message when there is one: what the new plan must fix. */
  private static String revision(PlanRequested request) {
    if (request.getFeedback().isEmpty() && request.getPreviousPlan() == null) {
      return "";
    }
    StringBuilder out = new StringBuilder("This is a revision: the previous plan was not accepted.\n");
    if (!request.getFeedback().isEmpty()) {
      out.append("Address every point of this feedback:\n").append(TaskText.bullets(request.getFeedback(), "")).append('\n');
    }
    if (request.getPreviousPlan() != null) {
      String previous = PlanWriter.json(request.getTask().getTaskId(), request.getPreviousPlan());
      if (previous.length() > MAX_PREVIOUS_PLAN_CHARS) {
        previous = previous.substring(0, MAX_PREVIOUS_PLAN_CHARS) + "\n[... the rest of the previous plan is cut]";
      }
      out.append("The previous plan:\n").append(Fences.fenced(previous));
    }
    return out.append("\n").toString();
  }
}
