package dev.orkestra.reviewer;

import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.task.Budget;
import dev.orkestra.events.task.CodeChange;
import dev.orkestra.events.task.DiffStat;
import dev.orkestra.events.task.Plan;
import dev.orkestra.events.task.PlanStep;
import dev.orkestra.events.task.QualityPolicy;
import dev.orkestra.events.task.ReviewRequested;
import dev.orkestra.events.task.ReviewSubject;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.StepType;
import dev.orkestra.events.task.TaskSpec;
import dev.orkestra.runtime.Envelopes;
import java.nio.file.Path;
import java.util.List;

/** Review requests as the coordinator writes them (TaskRequests.planReview / codeReview). */
final class ReviewerFixtures {

  static final ModelRef AUTHOR = ModelRef.newBuilder().setModelId("claude-sonnet").setFamily("claude").build();
  static final PlanStep STEP = PlanStep.newBuilder().setId("S1").setType(StepType.IMPLEMENTATION)
      .setDescription("Return the query from search").setRisk(Risk.LOW).build();
  static final Plan PLAN = Plan.newBuilder().setPlanVersion(1).setSteps(List.of(STEP)).build();

  private ReviewerFixtures() {}

  static ReviewRequested planReview(Path repo, ModelRef reviewer) {
    return ReviewRequested.newBuilder()
        .setEnvelope(Envelopes.start("T-1", "test"))
        .setTaskId("T-1")
        .setSubject(ReviewSubject.PLAN)
        .setTask(task(repo))
        .setReviewer(reviewer)
        .setAuthor(AUTHOR)
        .setPlan(PLAN)
        .build();
  }

  static ReviewRequested codeReview(Path repo, ModelRef reviewer, String base, String commit) {
    return ReviewRequested.newBuilder(planReview(repo, reviewer))
        .setSubject(ReviewSubject.CODE)
        .setStep(STEP)
        .setChange(CodeChange.newBuilder().setBranch("orkestra/T-1").setBaseSha(base).setCommitSha(commit)
            .setDiffStat(DiffStat.newBuilder().setFilesChanged(1).setInsertions(1).setDeletions(1).build()).build())
        .setExplanation("search now returns the query")
        .build();
  }

  static TaskSpec task(Path repo) {
    return TaskSpec.newBuilder()
        .setTaskId("T-1")
        .setGoal("Make search return the query")
        .setRisk(Risk.LOW)
        .setArea("core")
        .setRepo(RepoRef.newBuilder().setKind(RepoKind.LOCAL).setRepo(repo.toString()).build())
        .setConstraints(List.of("ZERO-WARNINGS"))
        .setBudget(Budget.newBuilder().build())
        .setQuality(QualityPolicy.newBuilder().build())
        .build();
  }
}
