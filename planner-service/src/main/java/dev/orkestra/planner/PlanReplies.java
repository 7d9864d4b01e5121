package dev.orkestra.planner;

import dev.orkestra.events.task.Plan;
import dev.orkestra.events.task.Risk;
import dev.orkestra.planner.context.RepositorySnapshot;
import dev.orkestra.planner.plan.PlanCheck;
import dev.orkestra.planner.plan.PlanReader;
import dev.orkestra.planner.reply.ReplyJson;
import dev.orkestra.planner.reply.ReplyReader;
import java.util.ArrayList;
import java.util.List;

/** A planner reply read and checked: the plan in it, and every problem of its JSON, its structure and its files. */
final class PlanReplies implements ReplyReader<PlanReplies.CheckedPlan> {

  /**
   * @param unreadable problems of the JSON itself (a step without an id or description), which no
   *     plan check downstream would name
   */
  record CheckedPlan(Plan plan, List<String> unreadable, PlanCheck.Problems check) {

    /** Problems only the coordinator's own plan check would also find: it rejects the plan and plans again. */
    boolean onlyStructureProblems() {
      return unreadable.isEmpty() && check.files().isEmpty();
    }
  }

  private final int planVersion;
  private final Risk taskRisk;
  private final RepositorySnapshot snapshot;

  PlanReplies(int planVersion, Risk taskRisk, RepositorySnapshot snapshot) {
    this.planVersion = planVersion;
    this.taskRisk = taskRisk;
    this.snapshot = snapshot;
  }

  @Override
  public Read<CheckedPlan> read(String reply) {
    return switch (ReplyJson.objectIn(reply)) {
      case ReplyJson.Found.Missing missing -> Read.failed(List.of(missing.problem()));
      case ReplyJson.Found.Object found -> {
        PlanReader.Parsed parsed = PlanReader.read(found.json(), planVersion, taskRisk);
        PlanCheck.Problems check = PlanCheck.check(parsed.plan(), snapshot.files(), snapshot.commitSha());
        List<String> problems = new ArrayList<>(parsed.problems());
        problems.addAll(check.all());
        yield new Read<>(new CheckedPlan(parsed.plan(), parsed.problems(), check), problems);
      }
    };
  }
}
