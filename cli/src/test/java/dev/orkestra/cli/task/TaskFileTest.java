package dev.orkestra.cli.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.TaskSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskFileTest {

  /** Every name resolves to a GitHub repository; "bad" is refused the way RepoArgument refuses. */
  private static final Function<String, RepoRef> REPOS = repo -> {
    if (repo.equals("bad")) {
      throw new IllegalArgumentException("--repo: not owner/name");
    }
    return new RepoRef(RepoKind.GITHUB, repo.contains("/") ? repo : "acme/" + repo, null, null);
  };

  private static final String SEED_002 = """
      tasks:
        - id: RAE-001
          goal: "Complete Phase 2 of RAE-core: implement search strategies and hybrid engine"
          risk: high              # high/medium/low
          area: core              # core/math/api/docs/tests
          repo: RAE-agentic-memory
          context_files:
            - rae-core/rae_core/search/
            - docs/RAE_PHASE2_PLAN.md
          constraints:
            - ZERO-WARNINGS
            - 80%+ test coverage
            - No breaking changes to public API

        - id: RAE-002
          goal: "Update README with Phase 1 completion status"
          risk: low
          area: docs
          repo: RAE-agentic-memory
          context_files:
            - README.md
            - docs/RAE_PHASE1_COMPLETION_PLAN.md
      """;

  private static List<TaskSpec> parse(String yaml) {
    return TaskFile.parse("tasks.yaml", yaml, REPOS);
  }

  private static List<String> problems(String yaml) {
    return catchThrowableOfType(TaskFileException.class, () -> parse(yaml)).problems();
  }

  @Test
  void seed002sExampleReadsAsTwoTasksWithTheirDefaults() {
    List<TaskSpec> tasks = parse(SEED_002);

    assertThat(tasks).extracting(TaskSpec::getTaskId).containsExactly("RAE-001", "RAE-002");
    TaskSpec first = tasks.getFirst();
    assertThat(first.getRisk()).isEqualTo(Risk.HIGH);
    assertThat(first.getArea()).isEqualTo("core");
    assertThat(first.getRepo().getRepo()).isEqualTo("acme/RAE-agentic-memory");
    assertThat(first.getContextFiles()).containsExactly("rae-core/rae_core/search", "docs/RAE_PHASE2_PLAN.md");
    assertThat(first.getConstraints()).hasSize(3);
    assertThat(first.getQuality().getMinCoveragePercent()).isEqualTo(80.0);
    assertThat(first.getBudget().getMaxAttempts()).isEqualTo(3);
    assertThat(first.getBranch()).isNull();
    assertThat(first.getPriority()).isZero();
    assertThat(tasks.get(1).getQuality().getMinCoveragePercent()).isNull();
  }

  @Test
  void optionalSectionsAndRepositoryNamesDeclaredUnderRepos() {
    List<TaskSpec> tasks = parse("""
        repos:
          memory: acme/rae-memory
        tasks:
          - id: T-1
            goal: Add a health endpoint
            risk: medium
            area: api
            repo: memory
            ref: develop
            branch: feature/health
            priority: 5
            budget: {max_cost_usd: 2.5, max_attempts: 2, max_review_rounds: 4, max_duration: 90m}
            quality:
              zero_warnings: false
              min_coverage_percent: 70
              commands: ["./mvnw -q verify"]
        """);

    TaskSpec task = tasks.getFirst();
    assertThat(task.getRepo().getRepo()).isEqualTo("acme/rae-memory");
    assertThat(task.getRepo().getRef()).isEqualTo("develop");
    assertThat(task.getBranch()).isEqualTo("feature/health");
    assertThat(task.getPriority()).isEqualTo(5);
    assertThat(task.getBudget().getMaxCostUsd()).isEqualTo(2.5);
    assertThat(task.getBudget().getMaxAttempts()).isEqualTo(2);
    assertThat(task.getBudget().getMaxReviewRounds()).isEqualTo(4);
    assertThat(task.getBudget().getMaxDurationMs()).isEqualTo(90 * 60_000L);
    assertThat(task.getQuality().getZeroWarnings()).isFalse();
    assertThat(task.getQuality().getMinCoveragePercent()).isEqualTo(70.0);
    assertThat(task.getQuality().getCommands()).containsExactly("./mvnw -q verify");
  }

  @Test
  void everyProblemIsReportedWithItsLineAndFieldAndNothingIsReturned() {
    List<String> problems = problems("""
        tasks:
          - id: ok-1
            goal: fine
            risk: low
            area: docs
            repo: acme/docs
          - id: "bad id!"
            goal: ""
            risk: urgent
            area: Docs Area
            repo: bad
            contxt_files: [a]
            context_files: [../etc/passwd, /abs]
            budget: {max_attempts: 0, max_duration: soon}
            branch: "a..b"
            priority: high
          - goal: no id, risk, area or repo
        """);

    assertThat(problems).containsExactly(
        "tasks.yaml:12: tasks[1].contxt_files: unknown field; expected one of [area, branch, budget, constraints, "
            + "context_files, goal, id, priority, quality, ref, repo, risk]",
        "tasks.yaml:7: tasks[1].id: 'bad id!' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit",
        "tasks.yaml:8: tasks[1].goal: is empty",
        "tasks.yaml:9: tasks[1].risk: 'urgent' is not one of high, medium, low",
        "tasks.yaml:10: tasks[1].area: 'Docs Area' must be a short lowercase word such as core, api, docs, tests",
        "tasks.yaml:11: tasks[1].repo: 'bad': not owner/name",
        "tasks.yaml:13: tasks[1].context_files[0]: must not contain '.', '..' or empty segments, was '../etc/passwd'",
        "tasks.yaml:13: tasks[1].context_files[1]: must be relative to the repository root, was '/abs'",
        "tasks.yaml:14: tasks[1].budget.max_attempts: '0' must be a whole number from 1 to 10",
        "tasks.yaml:14: tasks[1].budget.max_duration: 'soon' is not a duration; use e.g. 30s, 500ms, 2m, 1h or ISO-8601 PT30S",
        "tasks.yaml:15: tasks[1].branch: not a valid branch, tag or commit name: 'a..b'",
        "tasks.yaml:16: tasks[1].priority: 'high' must be a whole number from -1000 to 1000",
        "tasks.yaml:17: tasks[2].id: missing",
        "tasks.yaml:17: tasks[2].risk: missing",
        "tasks.yaml:17: tasks[2].area: missing",
        "tasks.yaml:17: tasks[2].repo: missing");
  }

  @Test
  void aTaskIdUsedTwiceInOneFileIsRefused() {
    String task = """
          - id: T-1
            goal: g
            risk: low
            area: docs
            repo: acme/docs
        """;

    assertThat(problems("tasks:\n" + task + task))
        .containsExactly("tasks.yaml:7: tasks[1].id: 'T-1' is already the id of tasks[0]");
  }

  @Test
  void whatIsNotATasksFileSaysSo() {
    assertThat(problems("tasks: []")).containsExactly("tasks.yaml:1: tasks: must be a non-empty list of tasks");
    assertThat(problems("- just\n- a list")).singleElement().asString().contains("expected a mapping with a 'tasks' list");
    assertThat(problems("other: 1")).containsExactly(
        "tasks.yaml:1: other: unknown field; expected one of [repos, tasks]", "tasks.yaml:1: tasks: missing: the file must have a 'tasks' list");
    assertThat(problems("tasks:\n  - id: [unclosed")).singleElement().asString().startsWith("tasks.yaml:2: not valid YAML");
    assertThat(problems("tasks:\n  - {id: a, goal: g, risk: low, area: docs, repo: acme/docs,\n     id: b}\n"))
        .containsExactly("tasks.yaml:3: tasks[0].id: given twice");
  }

  @Test
  void aBillionLaughsFileIsRefusedNotExpanded() {
    StringBuilder yaml = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      yaml.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 10; i++) {
        yaml.append(i == 0 ? "" : ",").append('*').append((char) (c - 1));
      }
      yaml.append("]\n");
    }
    assertThatThrownBy(() -> parse(yaml + "tasks: *j")).isInstanceOf(TaskFileException.class);
  }

  @Test
  void readingAFileResolvesRelativeLocalRepositoriesFromItsDirectory(@TempDir Path dir) throws Exception {
    Path repo = Files.createDirectories(dir.resolve("project/.git")).getParent();
    org.eclipse.jgit.api.Git.init().setDirectory(repo.toFile()).call().close();
    Path file = dir.resolve("tasks.yaml");
    Files.writeString(file, "tasks:\n  - {id: L-1, goal: g, risk: low, area: docs, repo: project}\n");

    TaskSpec task = TaskFile.read(file).getFirst();

    assertThat(task.getRepo().getKind()).isEqualTo(RepoKind.LOCAL);
    assertThat(Path.of(task.getRepo().getRepo())).isEqualTo(repo.toAbsolutePath().normalize());
  }
}
