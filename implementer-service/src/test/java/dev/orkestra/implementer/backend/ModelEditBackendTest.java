package dev.orkestra.implementer.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.events.task.ImplementationRequested;
import dev.orkestra.models.ModelRegistry;
import dev.orkestra.runtime.PermanentFailureException;
import dev.orkestra.runtime.RoleRequest;
import dev.orkestra.runtime.source.GitRepoBuilder;
import dev.orkestra.runtime.source.SourceLimits;
import dev.orkestra.runtime.source.SourcePolicy;
import dev.orkestra.runtime.workspace.Workspace;
import dev.orkestra.runtime.workspace.Workspaces;
import dev.orkestra.implementer.StepRequests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model-edit backend over the scripted provider, without Kafka: repair rounds and all-or-nothing. */
class ModelEditBackendTest {

  @TempDir Path tmp;
  private Workspace workspace;
  private String base;

  @BeforeEach
  void setUp() {
    try (GitRepoBuilder repo = GitRepoBuilder.init(tmp.resolve("repo")).file("README.md", "Phase 1: in progress.\n")) {
      base = repo.commit("base");
    }
  }

  @AfterEach
  void tearDown() {
    if (workspace != null) {
      workspace.close();
    }
  }

  @Test
  void editsThatStillFailAfterTheRepairRoundsWriteNothingAndSayWhy() throws Exception {
    ModelRegistry registry = registry("""
        - role: implementer
          match: "."
          response: |
            docs/new.md
            <<<<<<< SEARCH
            =======
            new page
            >>>>>>> REPLACE
            .git/hooks/pre-commit
            ```
            #!/bin/sh
            ```
            README.md
            <<<<<<< SEARCH
            Phase 1: unknown.
            =======
            Phase 1: complete.
            >>>>>>> REPLACE
        """);
    RoleRequest<ImplementationRequested> request = RoleRequest.direct(request(), "test");

    assertThatThrownBy(() -> new ModelEditBackend().implement(work(request, registry)))
        .isInstanceOfSatisfying(PermanentFailureException.class, e -> assertThat(e.code()).isEqualTo("edits_not_applied"))
        .hasMessageContaining("still do not apply after 2 repair rounds, so nothing was committed")
        .hasMessageContaining(".git/hooks/pre-commit: refused:")
        .hasMessageContaining("README.md: the SEARCH section matches no lines of README.md");
    assertThat(request.usage()).as("the first call and two repair rounds").hasSize(3);
    assertThat(workspace.dir().resolve("docs/new.md")).as("the block that applied was not written either")
        .doesNotExist();
    assertThat(Files.readString(workspace.dir().resolve("README.md"))).isEqualTo("Phase 1: in progress.\n");
  }

  @Test
  void aReplyWithoutBlocksChangesNothingAndExplains() throws Exception {
    ModelRegistry registry = registry("""
        - role: implementer
          match: "."
          response: "The README already says what the step asks. Confidence: 0.6"
        """);
    RoleRequest<ImplementationRequested> request = RoleRequest.direct(request(), "test");

    Implementation done = new ModelEditBackend().implement(work(request, registry));

    assertThat(done.edited()).isEmpty();
    assertThat(done.explanation()).startsWith("The README already says");
    assertThat(request.usage()).hasSize(1);
  }

  private StepWork work(RoleRequest<ImplementationRequested> request, ModelRegistry registry) throws Exception {
    Workspaces workspaces = new Workspaces(tmp.resolve("ws"), SourcePolicy.localRoots(tmp.resolve("repo")),
        SourceLimits.DEFAULT, Map.<String, String>of()::get);
    workspace = workspaces.checkout(tmp.resolve("repo").toString(), base);
    return new StepWork(request, workspace, registry, registry.model("impl-scripted"), null);
  }

  private ImplementationRequested request() {
    return StepRequests.request("T-1", tmp.resolve("repo").toString(), base, "impl-scripted").build();
  }

  private ModelRegistry registry(String script) throws Exception {
    return ModelRegistry.load(StepRequests.scriptedModels(tmp.resolve("home"), script), name -> null);
  }
}
