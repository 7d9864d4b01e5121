package dev.orkestra.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.events.task.PlanProposed;
import dev.orkestra.events.task.PlanRequested;
import dev.orkestra.events.task.PlanStep;
import dev.orkestra.events.task.StepType;
import dev.orkestra.planner.context.ContextBounds;
import dev.orkestra.planner.context.RepositoryReading;
import dev.orkestra.planner.context.RetrievedContext;
import dev.orkestra.runtime.InvalidRequestException;
import dev.orkestra.runtime.PermanentFailureException;
import dev.orkestra.runtime.RoleModelChoice;
import dev.orkestra.runtime.RoleRequest;
import dev.orkestra.runtime.source.SourcePolicy;
import dev.orkestra.runtime.source.SourceReaders;
import dev.orkestra.runtime.source.SourceLimits;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The planner with a real repository (JGit, under the source policy) and a scripted model registry. */
class PlannerTest {

  @TempDir
  Path temp;

  private Path repo;
  private String base;
  private Planner planner;

  @BeforeEach
  void setUp() throws Exception {
    repo = temp.resolve("repo");
    base = PlannerFixtures.repository(repo);
    Path models = PlannerFixtures.registry(temp);
    planner = new Planner(RoleModelChoice.load(Planner.ROLE, models, null, name -> null),
        new RepositoryReading(SourceReaders.create(temp.resolve("state"), SourceLimits.DEFAULT,
            SourcePolicy.localRoots(temp), name -> null), ContextBounds.DEFAULT), RetrievedContext.NONE);
  }

  @Test
  void aValidFirstReplyIsProposedAfterOneCallWithItsAuthorAndUsage() throws Exception {
    PlanRequested request = PlannerFixtures.request(repo, "Rename the util module", List.of());

    PlanProposed proposed = planner.plan(RoleRequest.direct(request, "planner@test"));

    assertThat(proposed.getTaskId()).isEqualTo("T-1");
    assertThat(proposed.getEnvelope().getCausationId()).isEqualTo(request.getEnvelope().getEventId());
    assertThat(proposed.getAuthor()).isEqualTo(ModelRef.newBuilder().setModelId("planner-scripted")
        .setFamily("scripted").setProvider("scripted").build());
    assertThat(proposed.getPlan().getSteps()).extracting(PlanStep::getId).containsExactly("S1", "S2");
    assertThat(proposed.getPlan().getSteps().get(1).getType()).isEqualTo(StepType.IMPLEMENTATION);
    assertThat(proposed.getUsage()).hasSize(1);
  }

  @Test
  void aReplyNamingAMissingFileIsRepairedOnceWithTheExactProblemShownToTheModel() throws Exception {
    // The script answers the valid plan only to a prompt that names the missing file: a second call
    // whose prompt lacked the problem would find no script entry and fail.
    PlanRequested request = PlannerFixtures.request(repo, "Add a hybrid search", List.of());

    PlanProposed proposed = planner.plan(RoleRequest.direct(request, "planner@test"));

    assertThat(proposed.getUsage()).extracting(ModelUsage::getOutputTokens).containsExactly(100L, 300L);
    assertThat(proposed.getPlan().getSteps().get(1).getFilesToCreate()).containsExactly("src/search/hybrid.py");
  }

  @Test
  void filesStillMissingAfterTheRepairAreAPermanentFailureNamingThem() {
    PlanRequested request = PlannerFixtures.request(repo, "Unfixable files", List.of());

    assertThatThrownBy(() -> planner.plan(RoleRequest.direct(request, "planner@test")))
        .isInstanceOfSatisfying(PermanentFailureException.class, e -> assertThat(e.code()).isEqualTo("plan_invalid"))
        .hasMessageContaining("planner model 'planner-scripted' gave no usable plan for T-1 after 2 calls")
        .hasMessageContaining("step S1 files_to_modify 'nowhere/x.py' does not exist at the base commit "
            + base.substring(0, 12));
  }

  @Test
  void aReplyWithoutJsonTwiceIsAPermanentFailureSayingSo() {
    PlanRequested request = PlannerFixtures.request(repo, "Gibberish", List.of());

    assertThatThrownBy(() -> planner.plan(RoleRequest.direct(request, "planner@test")))
        .isInstanceOf(PermanentFailureException.class)
        .hasMessageEndingWith("after 2 calls (one repair round): the reply holds no JSON object");
  }

  @Test
  void aPlanStillCyclicAfterTheRepairIsLeftToTheCoordinatorsPlanCheck() throws Exception {
    PlanRequested request = PlannerFixtures.request(repo, "Cyclic plan", List.of());

    PlanProposed proposed = planner.plan(RoleRequest.direct(request, "planner@test"));

    assertThat(proposed.getUsage()).hasSize(2);
    assertThat(proposed.getPlan().getSteps()).extracting(PlanStep::getDependsOn)
        .containsExactly(List.of("S2"), List.of("S1"));
  }

  @Test
  void aModelTheRegistryLacksIsAPermanentFailureNamingItAndNoModelIsAnInvalidRequest() {
    PlanRequested unknown = PlanRequested.newBuilder(PlannerFixtures.request(repo, "Rename the util module", List.of()))
        .setModel(ModelRef.newBuilder().setModelId("claude-sonnet").setFamily("claude").build()).build();
    PlanRequested blank = PlanRequested.newBuilder(unknown)
        .setModel(ModelRef.newBuilder().setModelId(" ").setFamily("claude").build()).build();

    assertThatThrownBy(() -> planner.plan(RoleRequest.direct(unknown, "planner@test")))
        .isInstanceOf(PermanentFailureException.class)
        .hasMessage("planner: model: model 'claude-sonnet' is not in the model registry");
    assertThatThrownBy(() -> planner.plan(RoleRequest.direct(blank, "planner@test")))
        .isInstanceOf(InvalidRequestException.class).hasMessage("invalid model: names no model");
  }

  @Test
  void aRepositoryOutsideTheAllowedRootsIsRefusedNamingTheRule() {
    PlanRequested request = PlanRequested.newBuilder(PlannerFixtures.request(repo, "Rename the util module", List.of()))
        .build();
    Planner narrow = new Planner(RoleModelChoice.load(Planner.ROLE, temp.resolve("models.yaml"), null, name -> null),
        new RepositoryReading(SourceReaders.create(temp.resolve("state2"), SourceLimits.DEFAULT,
            SourcePolicy.localRoots(temp.resolve("elsewhere")), Map.<String, String>of()::get), ContextBounds.DEFAULT),
        RetrievedContext.NONE);

    assertThatThrownBy(() -> narrow.plan(RoleRequest.direct(request, "planner@test")))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("task.repo"))
        .hasMessageContaining("outside the allowed roots");
  }
}
