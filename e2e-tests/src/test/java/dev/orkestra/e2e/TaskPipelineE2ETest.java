package dev.orkestra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.cli.LocalSystem;
import dev.orkestra.cli.Orkestra;
import dev.orkestra.cli.task.TopicReader;
import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.task.ChangeProposed;
import dev.orkestra.events.task.GateResult;
import dev.orkestra.events.task.ImplementationRequested;
import dev.orkestra.events.task.PlanProposed;
import dev.orkestra.events.task.ReviewCompleted;
import dev.orkestra.events.task.ReviewSubject;
import dev.orkestra.events.task.TaskState;
import dev.orkestra.events.task.TaskStateChanged;
import dev.orkestra.gate.SampleProjects;
import dev.orkestra.runtime.KafkaConnection;
import dev.orkestra.runtime.source.GitRepoBuilder;
import dev.orkestra.topics.TopicSpec;
import dev.orkestra.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A coding task end to end on the embedded broker with every service, real git and a real Maven
 * build: submitted with {@code orkestra submit}, planned, the plan reviewed by another family,
 * each step implemented as one commit on {@code orkestra/<id>}, reviewed by another family than its
 * author, and passed through the quality gate, which runs the project's JUnit tests; followed with
 * {@code orkestra watch} and reported with {@code orkestra summary}. Models are scripted; everything
 * else is real.
 */
class TaskPipelineE2ETest {

  private static final String TASK = "CALC-1";

  /** The README's task demo: plan two steps, approve, S1 adds Calc.mul and its test, S2 a README. */
  private static final String SCRIPT = read(Path.of("..", "examples", "task-demo", "script.yaml"));

  @TempDir Path tmp;

  @Test
  void aTaskOnARealMavenProjectEndsDoneWithOneCommitPerStepTestedByTheGateAndReviewedByAnotherFamily()
      throws Exception {
    try (Ran ran = runTask(SCRIPT, "Add multiplication to Calc, tested, and describe the class in a README")) {
      Path repoDir = ran.repoDir;
      String base = ran.base;
      KafkaConnection kafka = ran.kafka;
      String bootstrap = ran.system.bootstrapServers();
      Run watched = ran.watched;
      assertThat(watched.exit).as(watched.out + watched.err).isZero();
      assertThat(watched.out).contains("DONE");
      List<TaskStateChanged> events = values(kafka, Topics.TASK_EVENTS);
      assertThat(events.getLast().getToState()).isEqualTo(TaskState.DONE);

      // One commit per step on the task branch, on top of the base, each naming its step.
      List<RevCommit> commits = branchCommits(repoDir, "orkestra/" + TASK, base);
      assertThat(commits).hasSize(2);
      assertThat(commits.get(0).getFullMessage()).contains("S1");
      assertThat(commits.get(1).getFullMessage()).contains("S2");
      try (Git git = Git.open(repoDir.toFile())) {
        assertThat(git.getRepository().getBranch()).as("the user's branch is untouched").isEqualTo("main");
        assertThat(git.getRepository().resolve("refs/heads/main").name()).isEqualTo(base);
      }

      // The gate ran the project's tests at each step's commit and read them from the XML.
      List<GateResult> gates = values(kafka, Topics.QUALITY_GATE_RESULTS);
      assertThat(gates).extracting(GateResult::getStepId).containsExactly("S1", "S2");
      assertThat(gates).allSatisfy(gate -> {
        assertThat(gate.getPassed()).as(String.valueOf(gate.getSummary())).isTrue();
        assertThat(gate.getTestsRun()).isGreaterThan(0);
      });
      assertThat(gates.getFirst().getTestsRun()).as("adds, subtracts, multiplies").isEqualTo(3);
      assertThat(gates).extracting(GateResult::getCommitSha).containsExactly(commits.get(0).name(),
          commits.get(1).name());

      // No review by the author's family: the plan's author, then each step's implementer.
      ModelRef planner = values(kafka, Topics.PLANNER_RESULTS).stream().map(PlanProposed::getAuthor)
          .findFirst().orElseThrow();
      Map<String, ModelRef> implementers = new HashMap<>();
      for (ChangeProposed proposed : values(kafka, Topics.IMPLEMENTER_RESULTS)) {
        implementers.put(proposed.getStepId(), proposed.getAuthor());
      }
      List<ReviewCompleted> reviews = values(kafka, Topics.REVIEWER_RESULTS);
      assertThat(reviews).hasSize(3);
      for (ReviewCompleted review : reviews) {
        ModelRef author = review.getSubject() == ReviewSubject.PLAN ? planner : implementers.get(review.getStepId());
        assertThat(TaskModels.family(review.getReviewer().getModelId()))
            .as("reviewer %s of %s's work", review.getReviewer().getModelId(), author.getModelId())
            .isNotEqualTo(TaskModels.family(author.getModelId()));
      }

      Run summary = cli("summary", TASK, "--bootstrap", bootstrap);
      assertThat(summary.exit).as(summary.err).isZero();
      System.out.println(watched.out + "\n" + summary.out);
      assertThat(summary.out).contains("orkestra/" + TASK).contains(commits.get(1).name().substring(0, 7));
    }
  }

  private static final String FAILING_THEN_FIXED = """
      - role: planner
        match: .
        response: |
          {"task_id": "CALC-1", "plan_version": 1, "steps": [
            {"id": "S1", "type": "implementation", "description": "Add Calc.mul and its test", "risk": "low",
             "estimated_complexity": "small",
             "files_to_modify": ["src/main/java/demo/Calc.java", "src/test/java/demo/CalcTest.java"],
             "tests_required": true}]}
      - role: reviewer
        match: .
        response: '{"status": "approved", "review": {"correctness": 8, "code_quality": 8, "required_changes": []}}'
      - role: implementer
        match: (?s)# Feedback on the previous attempt.*multiplies
        response: |
          mul added instead of multiplying; fixed.

          src/main/java/demo/Calc.java
          <<<<<<< SEARCH
            public int mul(int a, int b) {
              return a + b;
            }
          =======
            public int mul(int a, int b) {
              return a * b;
            }
          >>>>>>> REPLACE
      - role: implementer
        match: Step S1 to carry out
        response: |
          src/main/java/demo/Calc.java
          <<<<<<< SEARCH
            public int sub(int a, int b) {
              return a - b;
            }
          =======
            public int sub(int a, int b) {
              return a - b;
            }

            public int mul(int a, int b) {
              return a + b;
            }
          >>>>>>> REPLACE

          src/test/java/demo/CalcTest.java
          <<<<<<< SEARCH
            @Test
            void subtracts() {
              assertEquals(1, new Calc().sub(2, 1));
            }
          =======
            @Test
            void subtracts() {
              assertEquals(1, new Calc().sub(2, 1));
            }

            @Test
            void multiplies() {
              assertEquals(6, new Calc().mul(2, 3));
            }
          >>>>>>> REPLACE
      """;

  @Test
  void aGateThatFailsSendsTheFailingTestsNameToTheNextAttemptWhoseFixPassesAsOneCommit() throws Exception {
    try (Ran ran = runTask(FAILING_THEN_FIXED, "Add multiplication to Calc, tested")) {
      assertThat(ran.watched.exit).as(ran.watched.out + ran.watched.err).isZero();

      List<GateResult> gates = values(ran.kafka, Topics.QUALITY_GATE_RESULTS);
      assertThat(gates).extracting(GateResult::getPassed).containsExactly(false, true);
      assertThat(gates.getFirst().getTestsFailed()).isEqualTo(1);
      List<ImplementationRequested> asked = values(ran.kafka, Topics.IMPLEMENTER_REQUESTS);
      assertThat(asked).extracting(ImplementationRequested::getAttempt).containsExactly(1, 2);
      assertThat(String.join("\n", asked.get(1).getFeedback())).as("the gate's findings reach the second prompt")
          .contains("multiplies");

      List<RevCommit> commits = branchCommits(ran.repoDir, "orkestra/" + TASK, ran.base);
      assertThat(commits).as("the fix replaced the failed attempt: one commit for the step").hasSize(1);
      assertThat(gates.getLast().getCommitSha()).isEqualTo(commits.getFirst().name());
      try (Git git = Git.open(ran.repoDir.toFile())) {
        assertThat(fileAt(git.getRepository(), commits.getFirst(), "src/main/java/demo/Calc.java"))
            .contains("return a * b;");
      }
    }
  }

  /** Every service on the embedded broker, the task submitted on a fresh Maven project and watched until it ends. */
  private Ran runTask(String script, String goal) throws Exception {
    Path repoDir = tmp.resolve("repos/calc");
    String base;
    try (GitRepoBuilder repo = SampleProjects.maven(repoDir)) {
      base = repo.commit("base");
    }
    Path tasks = tmp.resolve("tasks.yaml");
    Files.writeString(tasks, """
        tasks:
          - id: CALC-1
            goal: %s
            risk: low
            area: docs
            repo: %s
            ref: main
        """.formatted(goal, repoDir));
    // The gate builds offline against this machine's Maven repository, with the system's tools only.
    Map<String, String> settings = Map.of("orkestra.quality-gate.maven.home", SampleProjects.MAVEN_HOME.toString(),
        "orkestra.quality-gate.path", SampleProjects.GATE_PATH);
    LocalSystem system = E2ESystem.start(tmp, TaskModels.scripted(tmp.resolve("models"), script), settings,
        LocalSystem.discovered());
    try {
      String bootstrap = system.bootstrapServers();
      Run submitted = cli("submit", tasks.toString(), "--bootstrap", bootstrap);
      assertThat(submitted.exit).as(submitted.err).isZero();
      CompletableFuture<Run> watching = CompletableFuture.supplyAsync(() ->
          cli("watch", TASK, "--bootstrap", bootstrap, "--timeout", "PT60S", "--until-review"));
      return new Ran(system, KafkaConnection.of(bootstrap), repoDir, base, watching.get(8, TimeUnit.MINUTES));
    } catch (Exception | AssertionError e) {
      system.close();
      throw e;
    }
  }

  private record Ran(LocalSystem system, KafkaConnection kafka, Path repoDir, String base, Run watched)
      implements AutoCloseable {
    @Override
    public void close() throws Exception {
      system.close();
    }
  }

  private static String fileAt(Repository repository, RevCommit commit, String path) throws Exception {
    try (var walk = org.eclipse.jgit.treewalk.TreeWalk.forPath(repository, path, commit.getTree())) {
      return new String(repository.open(walk.getObjectId(0)).getBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private record Run(int exit, String out, String err) {}

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = Orkestra.commandLine();
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    int exit = command.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** The task's records on {@code topic} (keys are the task id, or taskId/stepId), in order. */
  private static <V extends SpecificRecord> List<V> values(KafkaConnection kafka, TopicSpec<V> topic) {
    List<V> values = new ArrayList<>();
    for (ConsumerRecord<String, V> record : TopicReader.readAll(kafka, topic, Duration.ofSeconds(30))) {
      if (record.key() != null && record.key().startsWith(TASK)) {
        values.add(record.value());
      }
    }
    return values;
  }

  /** The commits of {@code branch} above {@code base}, oldest first (first parents only). */
  private static List<RevCommit> branchCommits(Path repoDir, String branch, String base) throws Exception {
    try (Git git = Git.open(repoDir.toFile())) {
      Repository repository = git.getRepository();
      List<RevCommit> commits = new ArrayList<>();
      for (RevCommit commit : git.log().add(repository.resolve("refs/heads/" + branch))
          .not(repository.resolve(base)).call()) {
        commits.addFirst(commit);
      }
      return commits;
    }
  }
}
