package dev.orkestra.implementer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orkestra.events.task.ChangeProposed;
import dev.orkestra.events.task.ImplementationRequested;
import dev.orkestra.implementer.backend.ImplementerBackend;
import dev.orkestra.implementer.backend.ModelEditBackend;
import dev.orkestra.runtime.RoleModelChoice;
import dev.orkestra.runtime.RoleRequest;
import dev.orkestra.runtime.source.GitRepoBuilder;
import dev.orkestra.runtime.source.SourceLimits;
import dev.orkestra.runtime.source.SourcePolicy;
import dev.orkestra.runtime.workspace.Workspaces;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handler without Kafka, for the races a broker test cannot stage on purpose. */
class ImplementerHandlerTest {

  @TempDir Path tmp;
  private Path repoDir;
  private String base;
  private Workspaces workspaces;

  @BeforeEach
  void setUp() {
    repoDir = tmp.resolve("repo");
    try (GitRepoBuilder repo = GitRepoBuilder.init(repoDir).file("README.md", StepRequests.README)) {
      base = repo.commit("base");
    }
    workspaces = new Workspaces(tmp.resolve("ws"), SourcePolicy.localRoots(tmp), SourceLimits.DEFAULT,
        Map.<String, String>of()::get);
  }

  @Test
  void aTwinDeliveryThatPublishedFirstIsTheAnswerAndNothingIsOverwritten() throws Exception {
    RoleModelChoice choice = models("home", StepRequests.completeReply());
    ImplementationRequested request = StepRequests.request("RAE-009", repoDir.toString(), base, "impl-scripted")
        .build();
    ImplementerHandler twin = new ImplementerHandler(workspaces, choice, new ModelEditBackend());
    AtomicReference<ChangeProposed> twinAnswer = new AtomicReference<>();
    // While this delivery's model works, another delivery of the same request (a lost consumer's
    // handler that still ran) commits and publishes first.
    ImplementerBackend racing = work -> {
      if (twinAnswer.get() == null) {
        twinAnswer.set(twin.handle(RoleRequest.direct(request, "implementer@other")));
        // Git keeps commit times in seconds: in a later second this delivery's commit differs from the twin's.
        long twinSecond = StepRequests.commit(repoDir, twinAnswer.get().getChange().getCommitSha())
            .getCommitTime();
        await().until(() -> Instant.now().getEpochSecond() > twinSecond);
      }
      return new ModelEditBackend().implement(work);
    };

    ChangeProposed answer = new ImplementerHandler(workspaces, choice, racing)
        .handle(RoleRequest.direct(request, "implementer@this"));

    RevCommit head = StepRequests.commit(repoDir, "refs/heads/orkestra/RAE-009");
    assertThat(answer.getChange().getCommitSha()).isEqualTo(twinAnswer.get().getChange().getCommitSha())
        .isEqualTo(head.name());
    assertThat(head.getParent(0).name()).isEqualTo(base);
  }

  @Test
  void aPublishedCommitStandsWhenItsRerunNoLongerGetsTheAnswersItWasMadeFrom() throws Exception {
    ImplementationRequested request = StepRequests.request("RAE-010", repoDir.toString(), base, "impl-scripted")
        .build();
    ChangeProposed first = new ImplementerHandler(workspaces, models("home", StepRequests.completeReply()),
        new ModelEditBackend()).handle(RoleRequest.direct(request, "implementer@test"));
    // A rerun whose journal lost the answers (RoleRequest.direct journals nothing) gets edits that do not apply.
    ImplementerHandler rerun = new ImplementerHandler(workspaces,
        models("home-lost", StepRequests.completeReply().replace("in progress", "elsewhere")), new ModelEditBackend());

    ChangeProposed again = rerun.handle(RoleRequest.direct(request, "implementer@test"));

    assertThat(again.getChange().getCommitSha()).isEqualTo(first.getChange().getCommitSha())
        .isEqualTo(StepRequests.commit(repoDir, "refs/heads/orkestra/RAE-010").name());
    assertThat(again.getExplanation()).isEqualTo("The README now says Phase 1 is complete.\n\nConfidence: 0.9");
  }

  private RoleModelChoice models(String home, String reply) throws Exception {
    Path models = StepRequests.scriptedModels(tmp.resolve(home), """
        - role: implementer
          match: "."
          response: |
        %s
        """.formatted(reply.indent(4).stripTrailing()));
    return RoleModelChoice.load(ImplementerServiceProvider.ROLE, models, null, name -> null);
  }
}
