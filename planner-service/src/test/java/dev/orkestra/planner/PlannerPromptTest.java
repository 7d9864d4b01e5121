package dev.orkestra.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.task.Plan;
import dev.orkestra.events.task.PlanRequested;
import dev.orkestra.events.task.PlanStep;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.StepType;
import dev.orkestra.planner.context.RepositoryFiles;
import dev.orkestra.planner.context.RepositorySnapshot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerPromptTest {

  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  private final PlanningContext context = new PlanningContext(
      new RepositorySnapshot(RepoRef.newBuilder().setRepo("/r").setCommitSha(COMMIT).build(),
          new RepositoryFiles(List.of())),
      "1 file:\nREADME.md\n", "### AGENTS.md\n```\nRun tests.\n```\n", "(none)\n", "");

  @Test
  void aFirstPlanShowsTheTaskItsConstraintsQualityRulesAndTheRepository() {
    PlanRequested request = PlannerFixtures.request(Path.of("/r"), "Add a hybrid search", List.of("src/"));

    String text = PlannerPrompt.userText(request, context, 1);

    assertThat(text).startsWith("Task T-1: Add a hybrid search\nRisk: medium; area: core")
        .contains("- ZERO-WARNINGS\n- 80%+ test coverage")
        .contains("- ZERO-WARNINGS: no new warning").contains("- test coverage does not decrease")
        .contains("base commit " + COMMIT)
        .contains("### AGENTS.md").contains("README.md")
        .endsWith("Write plan version 1 for task T-1.\n")
        .doesNotContain("revision").doesNotContain("search:");
  }

  @Test
  void aRevisionPutsTheFeedbackAndThePreviousPlanFirst() {
    Plan previous = Plan.newBuilder().setPlanVersion(2).setSteps(List.of(PlanStep.newBuilder().setId("S1")
        .setType(StepType.IMPLEMENTATION).setDescription("Do it all at once").setRisk(Risk.HIGH).build())).build();
    PlanRequested request = PlanRequested.newBuilder(PlannerFixtures.request(Path.of("/r"), "Add a hybrid search",
        List.of())).setPreviousPlan(previous)
        .setFeedback(List.of("required: split S1", "plan check: step S1 depends on S9, which is not a step of plan v2"))
        .build();

    String text = PlannerPrompt.userText(request, context, 3);

    assertThat(text).startsWith("This is a revision: the previous plan was not accepted.\n"
        + "Address every point of this feedback:\n- required: split S1\n- plan check: step S1 depends on S9");
    assertThat(text.indexOf("\"description\" : \"Do it all at once\"")).isPositive()
        .isLessThan(text.indexOf("Task T-1:"));
    assertThat(text).endsWith("Write plan version 3 for task T-1.\n");
  }
}
