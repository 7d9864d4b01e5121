package dev.orkestra.implementer;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.task.Budget;
import dev.orkestra.events.task.ImplementationRequested;
import dev.orkestra.events.task.PlanStep;
import dev.orkestra.events.task.QualityPolicy;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.StepType;
import dev.orkestra.events.task.TaskSpec;
import dev.orkestra.runtime.Envelopes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Implementation requests as the coordinator sends them, and reading back what the implementer committed. */
public final class StepRequests {

  public static final String README = """
      # RAE agentic memory

      Phase 1: in progress.
      """;

  private StepRequests() {}

  public static ImplementationRequested.Builder request(String taskId, String repo, String commitSha, String modelId) {
    TaskSpec task = TaskSpec.newBuilder()
        .setTaskId(taskId)
        .setGoal("Update README with Phase 1 completion status")
        .setRisk(Risk.LOW)
        .setArea("docs")
        .setRepo(RepoRef.newBuilder().setKind(RepoKind.LOCAL).setRepo(repo).setRef("main").setCommitSha(commitSha)
            .build())
        .setContextFiles(List.of("README.md"))
        .setConstraints(List.of("ZERO-WARNINGS"))
        .setBudget(Budget.newBuilder().build())
        .setQuality(QualityPolicy.newBuilder().build())
        .build();
    PlanStep step = PlanStep.newBuilder()
        .setId("S1")
        .setType(StepType.DOCS)
        .setDescription("Mark Phase 1 as complete in the README")
        .setRisk(Risk.LOW)
        .setFilesToModify(List.of("README.md"))
        .setVerificationCriteria(List.of("README says Phase 1 is complete"))
        .build();
    Envelope envelope = Envelopes.start(taskId, "coordinator@test");
    return ImplementationRequested.newBuilder()
        .setEnvelope(envelope)
        .setTask(task)
        .setPlanVersion(1)
        .setStep(step)
        .setRepo(RepoRef.newBuilder().setKind(RepoKind.LOCAL).setRepo(repo).setRef("orkestra/" + taskId)
            .setCommitSha(commitSha).build())
        .setBranch("orkestra/" + taskId)
        .setModel(ModelRef.newBuilder().setModelId(modelId).setFamily("scripted").build())
        .setAttempt(1);
  }

  /** The reply that marks Phase 1 complete, as a SEARCH/REPLACE block. */
  public static String completeReply() {
    return """
        The README now says Phase 1 is complete.

        README.md
        ```markdown
        <<<<<<< SEARCH
        Phase 1: in progress.
        =======
        Phase 1: complete.
        >>>>>>> REPLACE
        ```
        Confidence: 0.9
        """;
  }

  /** A model registry whose one model, {@code impl-scripted}, answers by {@code script} (the scripted provider). */
  public static Path scriptedModels(Path dir, String script) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("implementer-script.yaml"), script);
    Path models = dir.resolve("models.yaml");
    Files.writeString(models, """
        models:
          - id: impl-scripted
            provider: scripted
            model: scripted-1
            family: scripted
            script: implementer-script.yaml
            inputPricePerMillion: 3.0
            outputPricePerMillion: 15.0
        """);
    return models;
  }

  public static String fileAt(Path repo, String commit, String path) throws IOException {
    try (Git git = Git.open(repo.toFile())) {
      Repository repository = git.getRepository();
      RevCommit parsed = repository.parseCommit(repository.resolve(commit));
      try (TreeWalk walk = TreeWalk.forPath(repository, path, parsed.getTree())) {
        return walk == null ? null
            : new String(repository.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  public static RevCommit commit(Path repo, String ref) throws IOException {
    try (Git git = Git.open(repo.toFile())) {
      var id = git.getRepository().resolve(ref);
      return id == null ? null : git.getRepository().parseCommit(id);
    }
  }
}
