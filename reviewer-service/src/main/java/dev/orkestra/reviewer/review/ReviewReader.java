package dev.orkestra.reviewer.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orkestra.events.task.Plan;
import dev.orkestra.events.task.ReviewScores;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.Verdict;
import dev.orkestra.planner.plan.JsonFields;
import dev.orkestra.planner.plan.PlanReader;
import dev.orkestra.planner.reply.ReplyJson;
import dev.orkestra.planner.reply.ReplyReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 002's plan-review and code-review JSON onto a {@link Review}. Fields are taken from the top
 * level or from the seed's nested {@code "review"} object, in any spelling. {@code suggestions}
 * (plan reviews) and {@code optional_improvements} (code reviews) are one list, as in the contract.
 * A score must be a number from 0 to 10 ({@code 9}, {@code "9/10"}, {@code 8.5} rounds to 9);
 * anything else is left out rather than guessed. The only problem that fails a reply is a missing
 * or unknown status. A {@code revised_plan} is kept when it reads as a plan without problems (the
 * coordinator does not adopt it, docs/tasks.md; it is information for a person).
 */
public final class ReviewReader implements ReplyReader<Review> {

  private final int revisedPlanVersion;
  private final Risk taskRisk;

  /** @param revisedPlanVersion the version a revised plan would have (the reviewed one + 1) */
  public ReviewReader(int revisedPlanVersion, Risk taskRisk) {
    this.revisedPlanVersion = revisedPlanVersion;
    this.taskRisk = taskRisk;
  }

  @Override
  public Read<Review> read(String reply) {
    return switch (ReplyJson.objectIn(reply)) {
      case ReplyJson.Found.Missing missing -> Read.failed(List.of(missing.problem()));
      case ReplyJson.Found.Object found -> review(found.json());
    };
  }

  private Read<Review> review(JsonNode root) {
    JsonNode nested = JsonFields.field(root, "review");
    Fields fields = new Fields(root, nested.isObject() ? nested : null);
    String status = JsonFields.text(fields.get("status", "verdict", "decision"));
    Verdict verdict = status == null ? null : VerdictWords.of(status);
    if (verdict == null) {
      return Read.failed(List.of(status == null ? "the review has no \"status\" (one of " + VerdictWords.KNOWN + ")"
          : "\"status\" '" + status + "' is not one of " + VerdictWords.KNOWN));
    }
    List<String> optional = new ArrayList<>(JsonFields.texts(fields.get("optional_improvements")));
    optional.addAll(JsonFields.texts(fields.get("suggestions")));
    return Read.ok(new Review(verdict, scores(fields),
        JsonFields.texts(fields.get("blockers")),
        JsonFields.texts(fields.get("required_changes")),
        optional.stream().limit(JsonFields.MAX_LIST_ITEMS).toList(),
        JsonFields.texts(fields.get("missing_steps")),
        JsonFields.texts(fields.get("concerns")),
        JsonFields.texts(fields.get("security_issues")),
        JsonFields.texts(fields.get("performance_concerns")),
        JsonFields.text(fields.get("summary", "comment", "comments")),
        revisedPlan(fields.get("revised_plan"))));
  }

  private static ReviewScores scores(Fields fields) {
    return ReviewScores.newBuilder()
        .setCompleteness(score(fields.get("completeness")))
        .setFeasibility(score(fields.get("feasibility")))
        .setRiskAssessment(score(fields.get("risk_assessment")))
        .setCorrectness(score(fields.get("correctness")))
        .setCodeQuality(score(fields.get("code_quality")))
        .setTestCoverage(JsonFields.text(fields.get("test_coverage")))
        .build();
  }

  private static Integer score(JsonNode node) {
    Double value = JsonFields.number(node);
    return value == null || value < 0 || value > 10 ? null : (int) Math.round(value);
  }

  private Plan revisedPlan(JsonNode node) {
    if (!node.isObject()) {
      return null;
    }
    PlanReader.Parsed parsed = PlanReader.read(node, revisedPlanVersion, taskRisk);
    return parsed.problems().isEmpty() && !parsed.plan().getSteps().isEmpty() ? parsed.plan() : null;
  }

  /** The top level first, then the seed's nested "review" object. */
  private record Fields(JsonNode root, JsonNode nested) {
    JsonNode get(String... names) {
      JsonNode top = JsonFields.field(root, names);
      return JsonFields.present(top) || nested == null ? top : JsonFields.field(nested, names);
    }
  }
}
