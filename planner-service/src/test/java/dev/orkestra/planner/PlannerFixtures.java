package dev.orkestra.planner;

import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.task.Budget;
import dev.orkestra.events.task.PlanRequested;
import dev.orkestra.events.task.QualityPolicy;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.TaskSpec;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.runtime.source.GitRepoBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A small repository, a scripted model registry and plan requests, written into a test's directory. */
final class PlannerFixtures {

  static final String VALID_PLAN = """
      ```json
      {"task_id": "T-1", "plan_version": 1,
       "steps": [
         {"id": "S1", "type": "analysis", "description": "Read the search engine",
          "files_to_read": ["src/search/engine.py"], "risk": "low", "estimated_complexity": "small"},
         {"id": "S2", "type": "implementation", "description": "Add HybridSearch",
          "files_to_create": ["src/search/hybrid.py"], "files_to_modify": ["src/search/engine.py"],
          "depends_on": ["S1"], "tests_required": true, "commands": ["pytest"]}],
       "estimated_duration": "1 hour", "rollback_strategy": "delete the task branch"}
      ```""";

  private PlannerFixtures() {}

  /** A repository with a search engine, policy files and a large generated file; returns its head commit. */
  static String repository(Path dir) {
    try (GitRepoBuilder repo = GitRepoBuilder.init(dir)) {
      repo.file("README.md", "# demo\n")
          .file("AGENTS.md", "Always run pytest before committing.\n")
          .file(".orkestra/style.md", "Use type hints everywhere.\n")
          .file(".orkestra/deep/ignored.md", "not a policy file\n")
          .file("src/search/engine.py", "def search(q):\n    return []\n")
          .file("src/search/util.py", "def norm(q):\n    return q.lower()\n")
          .file("data/generated.txt", "g".repeat(50_000) + "\n");
      return repo.commit("base");
    }
  }

  /** Registry with one scripted model ({@code planner-scripted}, family {@code scripted}); see the script's comments. */
  static Path registry(Path dir) throws IOException {
    Files.writeString(dir.resolve("planner-script.yaml"), """
        # The repair of "hybrid search": only a prompt naming the missing file gets the valid plan.
        - role: planner
          match: "files_to_modify 'src/search/hybrid\\\\.py' does not exist"
          response: |
        %s
          inputTokens: 900
          outputTokens: 300
        - role: planner
          match: hybrid search
          response: '{"steps": [{"id": "S1", "type": "implementation", "description": "Edit hybrid",
            "files_to_modify": ["src/search/hybrid.py"]}]}'
          inputTokens: 800
          outputTokens: 100
        - role: planner
          match: Rename the util module
          response: |
        %s
        - role: planner
          match: (Unfixable files|files_to_modify 'nowhere/x\\.py')
          response: '{"steps": [{"id": "S1", "description": "Edit", "files_to_modify": ["nowhere/x.py"]}]}'
        - role: planner
          match: (Cyclic plan|depend on each other in a cycle)
          response: '{"steps": [{"id": "S1", "description": "a", "depends_on": ["S2"]},
            {"id": "S2", "description": "b", "depends_on": ["S1"]}]}'
        - role: planner
          match: (Gibberish|holds no JSON object)
          response: I would rather not write JSON today.
        """.formatted(indent(VALID_PLAN), indent(VALID_PLAN)));
    Path models = dir.resolve("models.yaml");
    Files.writeString(models, """
        models:
          - id: planner-scripted
            provider: scripted
            model: scripted-1
            family: scripted
            script: planner-script.yaml
            inputPricePerMillion: 3.0
            outputPricePerMillion: 15.0
        """);
    return models;
  }

  static PlanRequested request(Path repo, String goal, List<String> contextFiles) {
    return PlanRequested.newBuilder()
        .setEnvelope(Envelopes.start("T-1", "test"))
        .setTask(task(repo, goal, contextFiles))
        .setModel(ModelRef.newBuilder().setModelId("planner-scripted").setFamily("scripted").build())
        .build();
  }

  static TaskSpec task(Path repo, String goal, List<String> contextFiles) {
    return TaskSpec.newBuilder()
        .setTaskId("T-1")
        .setGoal(goal)
        .setRisk(Risk.MEDIUM)
        .setArea("core")
        .setRepo(RepoRef.newBuilder().setKind(RepoKind.LOCAL).setRepo(repo.toString()).build())
        .setContextFiles(contextFiles)
        .setConstraints(List.of("ZERO-WARNINGS", "80%+ test coverage"))
        .setBudget(Budget.newBuilder().build())
        .setQuality(QualityPolicy.newBuilder().build())
        .build();
  }

  private static String indent(String text) {
    return text.lines().map(line -> "    " + line).reduce((a, b) -> a + "\n" + b).orElse("");
  }
}
