package dev.orkestra.planner.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.coordinator.task.StepScheduler;
import dev.orkestra.events.task.Plan;
import dev.orkestra.events.task.PlanStep;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.StepType;
import dev.orkestra.planner.context.RepositoryFiles;
import dev.orkestra.runtime.source.FileEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanCheckTest {

  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  private static final RepositoryFiles FILES = new RepositoryFiles(List.of(
      new FileEntry("README.md", "a".repeat(40), 10),
      new FileEntry("src/search/engine.py", "b".repeat(40), 10),
      new FileEntry("src/search/util.py", "c".repeat(40), 10)));

  @Test
  void aSoundPlanHasNoProblemsWhateverItCreates() {
    Plan plan = plan(step("S1", List.of()).setFilesToRead(List.of("src/search/*", "src/search/", "README.md")).build(),
        step("S2", List.of("S1")).setFilesToModify(List.of("src/search/engine.py"))
            .setFilesToCreate(List.of("src/search/hybrid.py")).build());

    assertThat(PlanCheck.check(plan, FILES, COMMIT).none()).isTrue();
  }

  @Test
  void duplicateIdsAndUnknownDependenciesAreNamed() {
    Plan plan = plan(step("S1", List.of()).build(), step("S1", List.of()).build(), step("S3", List.of("S9")).build());

    assertThat(PlanCheck.check(plan, FILES, COMMIT).structure()).containsExactly(
        "step id S1 is used twice (steps 1 and 2)", "step S3 depends on S9, which is not a step of the plan");
  }

  @Test
  void cyclesAndSelfDependenciesAreNamedWithTheirPath() {
    Plan cycle = plan(step("S1", List.of("S3")).build(), step("S2", List.of("S1")).build(),
        step("S3", List.of("S2")).build());
    Plan self = plan(step("S1", List.of("S1")).build());

    assertThat(PlanCheck.check(cycle, FILES, COMMIT).structure())
        .containsExactly("steps S1 -> S3 -> S2 -> S1 depend on each other in a cycle");
    assertThat(PlanCheck.check(self, FILES, COMMIT).structure()).containsExactly("step S1 depends on itself");
    assertThat(PlanCheck.check(plan(), FILES, COMMIT).structure()).containsExactly("the plan has no steps");
  }

  @Test
  void filesToReadOrModifyMustExistAtTheBaseCommit() {
    Plan plan = plan(step("S1", List.of()).setFilesToRead(List.of("docs/*.md")).build(),
        step("S2", List.of()).setFilesToModify(List.of("src/search/hybrid.py")).build());

    PlanCheck.Problems problems = PlanCheck.check(plan, FILES, COMMIT);

    assertThat(problems.structure()).isEmpty();
    assertThat(problems.files()).containsExactly(
        "step S1 files_to_read 'docs/*.md' matches no file at the base commit 0123456789ab",
        "step S2 files_to_modify 'src/search/hybrid.py' does not exist at the base commit 0123456789ab"
            + " (a new file belongs in files_to_create)");
  }

  @Test
  void whatThePlannerCallsAStructureProblemTheCoordinatorsPlanCheckRejectsToo() {
    List<Plan> bad = List.of(plan(),
        plan(step("S1", List.of()).build(), step("S1", List.of()).build()),
        plan(step("S1", List.of("S2")).build()),
        plan(step("S1", List.of("S2")).build(), step("S2", List.of("S1")).build()),
        plan(step("S1", List.of("S1")).build()));
    Plan good = plan(step("S1", List.of()).build(), step("S2", List.of("S1")).build());

    for (Plan plan : bad) {
      assertThat(PlanCheck.check(plan, FILES, COMMIT).structure()).as(plan.toString()).isNotEmpty();
      assertThat(StepScheduler.check(plan).valid()).as(plan.toString()).isFalse();
    }
    assertThat(PlanCheck.check(good, FILES, COMMIT).none()).isTrue();
    assertThat(StepScheduler.check(good).valid()).isTrue();
  }

  private static Plan plan(PlanStep... steps) {
    return Plan.newBuilder().setPlanVersion(1).setSteps(List.of(steps)).build();
  }

  private static PlanStep.Builder step(String id, List<String> dependsOn) {
    return PlanStep.newBuilder().setId(id).setType(StepType.IMPLEMENTATION).setDescription("do " + id)
        .setRisk(Risk.LOW).setDependsOn(dependsOn);
  }
}
