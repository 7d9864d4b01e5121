package dev.orkestra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orkestra.cli.Orkestra;
import dev.orkestra.events.common.ActionKind;
import dev.orkestra.events.common.ActionRecord;
import dev.orkestra.events.task.ChangeProposed;
import dev.orkestra.events.task.TaskState;
import dev.orkestra.events.task.TaskStateChanged;
import dev.orkestra.gate.SampleProjects;
import dev.orkestra.runtime.TestKafka;
import dev.orkestra.runtime.source.GitRepoBuilder;
import dev.orkestra.runtime.testing.JavaProcess;
import dev.orkestra.runtime.testing.ScriptedModelEndpoint;
import dev.orkestra.serde.AvroSerde;
import dev.orkestra.topics.TopicSpec;
import dev.orkestra.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A coding task through SIGKILLs (issue 9): the broker and each task service in a JVM of its own,
 * the models behind a local OpenAI-compatible endpoint (the real langchain4j client over HTTP) that
 * counts its calls per prompt. The coordinator is killed once the plan was asked for, the implementer
 * once its first step's model call is in the action log; each is restarted on the same data. The task
 * must still end DONE with one commit per step, every model call made once, and one implementer
 * result per request.
 */
class TaskChaosE2ETest {

  private static final List<String> SERVICES = List.of("coordinator", "planner", "reviewer", "implementer",
      "quality-gate");
  private static final String S1_PROMPT = "Step S1 to carry out";

  @TempDir Path tmp;

  @Test
  void killedCoordinatorAndImplementerStillFinishTheTaskWithEveryModelCallMadeOnceAndOneCommitPerStep()
      throws Exception {
    Path repos = tmp.resolve("repos");
    Path repoDir = repos.resolve("calc");
    String base;
    try (GitRepoBuilder repo = SampleProjects.maven(repoDir)) {
      base = repo.commit("base");
    }
    Map<String, String> replies = replies();
    Map<String, JavaProcess> running = new LinkedHashMap<>();
    List<String> kills = new ArrayList<>();
    try (ScriptedModelEndpoint model = ScriptedModelEndpoint.start()) {
      model.answerWith(prompt -> replies.entrySet().stream()
          .filter(e -> !e.getKey().isEmpty() && prompt.contains(e.getKey()))
          .map(Map.Entry::getValue).findFirst().orElse(replies.get("")));
      OrkestraProcesses processes = OrkestraProcesses.on(tmp.resolve("work"), repos, models(model),
          Map.of("orkestra.quality-gate.maven.home", SampleProjects.MAVEN_HOME.toString(),
              "orkestra.quality-gate.path", SampleProjects.GATE_PATH));
      String bootstrap = processes.bootstrap();
      try {
        running.put("broker", processes.start("broker", 1));
        for (String service : SERVICES) {
          running.put(service, processes.start(service, 1));
        }
        Path tasks = Files.writeString(tmp.resolve("tasks.yaml"), """
            tasks:
              - id: CALC-1
                goal: Add multiplication to Calc, tested, and describe the class in a README
                risk: low
                area: docs
                repo: %s
                ref: main
            """.formatted(repoDir));
        assertThat(cli("submit", tasks.toString(), "--bootstrap", bootstrap)).isZero();

        // The coordinator dies right after asking for the plan; the plan arrives while it is down.
        await().atMost(Duration.ofMinutes(2)).until(() -> model.callsFor("Write plan version") >= 1);
        kills.add(kill(running, processes, "coordinator", 2));

        // The implementer dies once its model call for S1 is journaled (before or after its commit).
        await().atMost(Duration.ofMinutes(3)).until(() -> model.callsFor(S1_PROMPT) >= 1
            && journaledCalls(bootstrap) >= model.calls());
        kills.add(kill(running, processes, "implementer", 2));

        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1))
            .until(() -> latest(bootstrap).map(TaskStateChanged::getToState).orElse(null),
                state -> state == TaskState.DONE || state == TaskState.FAILED
                    || state == TaskState.AWAITING_HUMAN_REVIEW);
        assertThat(latest(bootstrap).orElseThrow().getToState()).as(latest(bootstrap).orElseThrow().getReason())
            .isEqualTo(TaskState.DONE);

        assertThat(model.repeatedPrompts()).as("model calls paid twice").isEmpty();
        assertThat(model.callsFor(S1_PROMPT)).isEqualTo(1);
        List<RevCommit> commits = branchCommits(repoDir, base);
        assertThat(commits).as("one commit per step").hasSize(2);
        Map<String, Integer> resultsPerRequest = new HashMap<>();
        for (ChangeProposed change : read(bootstrap, Topics.IMPLEMENTER_RESULTS)) {
          resultsPerRequest.merge(change.getEnvelope().getCausationId(), 1, Integer::sum);
        }
        assertThat(resultsPerRequest.values()).as("implementer results per request").containsOnly(1);
        System.out.println("task chaos: " + kills + "; " + model.calls() + " model calls, none repeated; commits "
            + commits.stream().map(c -> c.name().substring(0, 7)).toList());
      } finally {
        for (String name : List.copyOf(running.keySet()).reversed()) {
          running.remove(name).stop(Duration.ofSeconds(20));
        }
      }
    }
  }

  /** SIGKILL, a moment down, then the n-th start on the same data; returns what it cost. */
  private static String kill(Map<String, JavaProcess> running, OrkestraProcesses processes, String name, int n)
      throws Exception {
    Instant killed = Instant.now();
    running.get(name).kill();
    running.put(name, processes.start(name, n));
    return name + " back after " + Duration.between(killed, Instant.now()).toMillis() + " ms";
  }

  /** The three models the routing table names, all behind the scripted endpoint. */
  private static Path models(ScriptedModelEndpoint model) throws Exception {
    Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")).resolve("task-chaos-models-"
        + System.nanoTime()));
    StringBuilder yaml = new StringBuilder("models:\n");
    for (String[] m : new String[][] {{"claude-sonnet", "claude"}, {"gemini-pro", "gemini"},
        {"gemini-flash", "gemini"}}) {
      yaml.append("""
            - id: %s
              provider: openai
              model: scripted-%s
              baseUrl: %s
              family: %s
              inputPricePerMillion: 1.0
              outputPricePerMillion: 5.0
              concurrency: 4
              timeout: 30s
          """.formatted(m[0], m[0], model.baseUrl(), m[1]));
    }
    return Files.writeString(dir.resolve("models.yaml"), yaml);
  }

  /** The replies of the README's demo script (examples/task-demo/script.yaml), by what the prompt holds. */
  private static Map<String, String> replies() throws Exception {
    List<Map<String, Object>> entries = new org.yaml.snakeyaml.Yaml().load(
        Files.readString(Path.of("..", "examples", "task-demo", "script.yaml")));
    Map<String, String> replies = new LinkedHashMap<>();
    for (Map<String, Object> entry : entries) {
      String reply = (String) entry.get("response");
      switch ((String) entry.get("role")) {
        case "planner" -> replies.put("Write plan version", reply);
        case "implementer" -> replies.put((String) entry.get("match"), reply);
        default -> replies.put("", reply); // the reviewer: any other prompt
      }
    }
    return replies;
  }

  private static long journaledCalls(String bootstrap) {
    AvroSerde<ActionRecord> serde = AvroSerde.of(ActionRecord.class);
    return TestKafka.readAll(bootstrap, Topics.ACTION_LOG.name()).stream()
        .filter(record -> record.value() != null)
        .map(record -> serde.decode(record.value()))
        .filter(entry -> entry.getKind() == ActionKind.CALL)
        .count();
  }

  private static java.util.Optional<TaskStateChanged> latest(String bootstrap) {
    List<TaskStateChanged> events = read(bootstrap, Topics.TASK_EVENTS);
    return events.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(events.getLast());
  }

  private static <V extends SpecificRecord> List<V> read(String bootstrap, TopicSpec<V> topic) {
    AvroSerde<V> serde = topic.valueSerde();
    return TestKafka.readAll(bootstrap, topic.name()).stream()
        .filter(record -> record.value() != null && record.key() != null && record.key().startsWith("CALC-1"))
        .map(record -> serde.decode(record.value()))
        .toList();
  }

  private static List<RevCommit> branchCommits(Path repoDir, String base) throws Exception {
    try (Git git = Git.open(repoDir.toFile())) {
      List<RevCommit> commits = new ArrayList<>();
      for (RevCommit commit : git.log().add(git.getRepository().resolve("refs/heads/orkestra/CALC-1"))
          .not(git.getRepository().resolve(base)).call()) {
        commits.addFirst(commit);
      }
      return commits;
    }
  }

  private static int cli(String... args) {
    CommandLine command = Orkestra.commandLine();
    StringWriter err = new StringWriter();
    command.setErr(new PrintWriter(err, true));
    int exit = command.execute(args);
    if (exit != 0) {
      System.err.println(err);
    }
    return exit;
  }
}
