package dev.orkestra.planner;

import dev.langchain4j.data.message.ChatMessage;
import dev.orkestra.events.task.PlanProposed;
import dev.orkestra.events.task.PlanRequested;
import dev.orkestra.events.task.TaskSpec;
import dev.orkestra.models.ModelSpec;
import dev.orkestra.planner.context.RepositoryReading;
import dev.orkestra.planner.context.RepositorySnapshot;
import dev.orkestra.planner.context.RetrievedContext;
import dev.orkestra.planner.reply.RepairRound;
import dev.orkestra.planner.reply.ReplyReader;
import dev.orkestra.planner.reply.RequestCache;
import dev.orkestra.planner.reply.RequestedModel;
import dev.orkestra.runtime.InvalidRequestException;
import dev.orkestra.runtime.PermanentFailureException;
import dev.orkestra.runtime.RoleModelChoice;
import dev.orkestra.runtime.RoleRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans one task: reads the repository at the base commit, asks the model the request names for a
 * plan, checks it, and repairs it once. After the repair round (docs/task-roles.md):
 * <ul>
 *   <li>a plan whose only problems are structural (ids, dependencies, cycles) is proposed anyway —
 *       the coordinator's plan check rejects it and plans again with those problems, within the
 *       task's rounds, before a person is asked;
 *   <li>no plan at all, or one that names files the base commit does not have (which no check after
 *       this one would see), is a permanent failure naming every problem: the coordinator
 *       escalates, and a person can retry with a comment.
 * </ul>
 */
final class Planner {

  static final String ROLE = "planner";

  private static final Logger log = LoggerFactory.getLogger(Planner.class);

  private final RoleModelChoice models;
  private final RepositoryReading repository;
  private final RetrievedContext retrieved;
  private final RequestCache<PlanningContext> contexts = new RequestCache<>();

  Planner(RoleModelChoice models, RepositoryReading repository, RetrievedContext retrieved) {
    this.models = models;
    this.repository = repository;
    this.retrieved = retrieved;
  }

  PlanProposed plan(RoleRequest<PlanRequested> request) throws Exception {
    PlanRequested plan = request.value();
    TaskSpec task = plan.getTask();
    if (task.getTaskId() == null || task.getTaskId().isBlank()) {
      throw new InvalidRequestException("task.taskId", "is required");
    }
    if (task.getGoal() == null || task.getGoal().isBlank()) {
      throw new InvalidRequestException("task.goal", "is required to plan");
    }
    ModelSpec model = RequestedModel.of(models, plan.getModel(), "model");
    PlanningContext context = contexts.get(plan.getEnvelope().getEventId(), () -> read(task));
    int version = plan.getPreviousPlan() == null ? 1 : plan.getPreviousPlan().getPlanVersion() + 1;
    List<ChatMessage> prompt = PlannerPrompt.messages(plan, context, version);

    RepairRound.Outcome<PlanReplies.CheckedPlan> outcome = RepairRound.call(
        request.models(models.registry().orElseThrow()), model.id(), ROLE, prompt,
        new PlanReplies(version, task.getRisk(), context.snapshot()));

    ReplyReader.Read<PlanReplies.CheckedPlan> read = outcome.read();
    if (!read.usable()) {
      String problems = String.join("; ", read.problems());
      if (read.value() == null || !read.value().onlyStructureProblems()) {
        throw new PermanentFailureException("plan_invalid", "planner model '" + model.id() + "' gave no usable plan for "
            + task.getTaskId() + " after " + outcome.calls() + " calls (one repair round): " + problems);
      }
      log.warn("planner: plan for {} still has structural problems after the repair round; proposing it for the "
          + "coordinator's plan check: {}", task.getTaskId(), problems);
    }
    return PlanProposed.newBuilder()
        .setEnvelope(request.replyEnvelope())
        .setTaskId(task.getTaskId())
        .setPlan(read.value().plan())
        .setAuthor(RequestedModel.ref(model))
        .setAttempt(plan.getAttempt())
        .setUsage(request.usage())
        .build();
  }

  private PlanningContext read(TaskSpec task) throws Exception {
    RepositorySnapshot snapshot = repository.at(task.getRepo(), "task.repo");
    return new PlanningContext(snapshot, repository.tree(snapshot), repository.policyFiles(snapshot),
        repository.contextFiles(snapshot, task.getContextFiles()), retrieved.forTask(task, snapshot.repo()));
  }
}
