package dev.orkestra.cli.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orkestra.cli.Orkestra;
import dev.orkestra.events.task.TaskSubmitted;
import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.kafka.embedded.EmbeddedKafkaExtension;
import dev.orkestra.runtime.KafkaConnection;
import dev.orkestra.runtime.source.GitRepoBuilder;
import dev.orkestra.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code orkestra submit} against the real embedded broker: what lands on orkestra.tasks, and what never does. */
@ExtendWith(EmbeddedKafkaExtension.class)
class SubmitTasksTest {

  private static final String TASK = """
        - id: %s
          goal: Update the README
          risk: low
          area: docs
          repo: %s
      """;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int submit(String... args) {
    CommandLine commandLine = Orkestra.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("submit"));
    all.addAll(List.of(args));
    return commandLine.execute(all.toArray(String[]::new));
  }

  /** A local repository for the tasks: submit pins each task to the commit its ref names. */
  private String repo;
  private String head;

  private String task(String id) {
    return TASK.formatted(id, repo);
  }

  @Test
  void anInvalidFileSubmitsNothingAndAValidOneSubmitsOnlyTheChosenTasks(EmbeddedKafkaBroker broker, @TempDir Path dir)
      throws Exception {
    String servers = broker.bootstrapServers();
    localRepository(dir);
    Path invalid = Files.writeString(dir.resolve("bad.yaml"),
        "tasks:\n" + task("BAD-1") + task("BAD-2").replace("risk: low", "risk: urgent"));
    Path valid = Files.writeString(dir.resolve("tasks.yaml"),
        "tasks:\n" + task("OK-1") + task("OK-2") + task("OK-3"));

    assertThat(submit(invalid.toString(), "--bootstrap", servers)).isEqualTo(2);
    assertThat(err.toString()).contains("bad.yaml:9: tasks[1].risk: 'urgent' is not one of high, medium, low");
    assertThat(submit(valid.toString(), "--task", "OK-9", "--bootstrap", servers)).isEqualTo(2);
    assertThat(err.toString()).contains("--task OK-9: no such task in the file");
    assertThat(submit(valid.toString(), "--check")).isZero();
    assertThat(out.toString()).contains("valid OK-1 (low, docs) on " + repo + " at " + head.substring(0, 12) + " (main)");

    assertThat(submit(valid.toString(), "--task", "OK-3", "--task", "OK-1", "--bootstrap", servers)).as(err::toString).isZero();

    // Everything on the topic, read committed: the rejected files and the check left nothing.
    List<ConsumerRecord<String, TaskSubmitted>> records = await().atMost(Duration.ofSeconds(30))
        .until(() -> readCommitted(servers), r -> r.size() >= 2);
    assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("OK-1", "OK-3");
    assertThat(records).allSatisfy(r -> {
      assertThat(r.value().getEnvelope().getCorrelationId()).isEqualTo(r.key());
      assertThat(r.value().getTask().getRepo().getRepo()).isEqualTo(repo);
      assertThat(r.value().getTask().getRepo().getCommitSha()).as("pinned at submission").isEqualTo(head);
    });
    assertThat(out.toString()).contains("submitted OK-3 (low, docs) on " + repo, "submitted OK-1 (low, docs) on " + repo);
  }

  @Test
  void aRefTheRepositoryDoesNotHaveSubmitsNothingNamingTheTask(@TempDir Path dir) throws Exception {
    localRepository(dir);
    Path file = Files.writeString(dir.resolve("tasks.yaml"), "tasks:\n" + task("R-1") + "    ref: no-such-branch\n");

    assertThat(submit(file.toString(), "--check")).isEqualTo(2);
    assertThat(err.toString()).contains("task R-1: cannot resolve ref 'no-such-branch' of " + repo);
  }

  private void localRepository(Path dir) {
    try (GitRepoBuilder docs = GitRepoBuilder.init(dir.resolve("docs")).file("README.md", "# Docs\n")) {
      head = docs.commit("first");
      repo = docs.dir().toString();
    }
  }

  @Test
  void anUnreachableBrokerIsAnErrorNamingIt(@TempDir Path dir) throws Exception {
    localRepository(dir);
    Path valid = Files.writeString(dir.resolve("tasks.yaml"), "tasks:\n" + task("U-1"));

    assertThat(submit(valid.toString(), "--bootstrap", "127.0.0.1:1", "--timeout", "PT2S")).isEqualTo(1);
    assertThat(err.toString()).startsWith("orkestra submit:");
  }

  private static List<ConsumerRecord<String, TaskSubmitted>> readCommitted(String servers) {
    return TopicReader.readAll(KafkaConnection.of(servers), Topics.TASKS, Duration.ofSeconds(10));
  }
}
