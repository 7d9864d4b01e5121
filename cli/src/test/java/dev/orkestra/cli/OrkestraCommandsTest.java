package dev.orkestra.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orkestra.topics.TopicSpec;
import dev.orkestra.topics.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The orkestra command end to end: `up` starts a real broker; `topics` and `doctor` talk to it. */
class OrkestraCommandsTest {

  @TempDir
  static Path home;

  private static final StringWriter upOutput = new StringWriter();
  private static UpCommand up;
  private static CompletableFuture<Integer> upExit;
  private static String bootstrap;

  @BeforeAll
  static void startUp() throws IOException {
    int port = freePort();
    CommandLine commandLine = Orkestra.commandLine();
    commandLine.setOut(new PrintWriter(upOutput, true));
    up = (UpCommand) commandLine.getSubcommands().get("up").getCommand();
    upExit = CompletableFuture.supplyAsync(() ->
        commandLine.execute("up", "--port", Integer.toString(port), "--data-dir", home.toString(),
            "--repo-root", home.resolve("repos").toString(), "--github-token-repo", "acme/*"));
    await().atMost(Duration.ofSeconds(60)).until(() -> upOutput.toString().contains("ready") || upExit.isDone());
    bootstrap = "localhost:" + port;
  }

  @AfterAll
  static void stopUp() throws Exception {
    up.stop();
    assertThat(upExit.get()).isZero();
  }

  @Test
  void upPrintsTheBootstrapAddressAndReady() {
    assertThat(upOutput.toString())
        .contains("bootstrap: " + bootstrap)
        .contains("topics: " + Topics.ALL.size() + " registry topics present")
        .contains("sources: local roots " + home.resolve("repos").toAbsolutePath().normalize()
            + "; clone hosts none; GITHUB_TOKEN for acme/*")
        .endsWith("ready" + System.lineSeparator());
    assertThat(home.resolve("kafka/logs/meta.properties")).exists();
  }

  @Test
  void topicsListsEveryRegistryTopicWithItsValueType() {
    Result result = run("topics", "--bootstrap", bootstrap);
    assertThat(result.exitCode()).isZero();
    for (TopicSpec<?> spec : Topics.ALL) {
      assertThat(result.out()).containsPattern(spec.name().replace(".", "\\.") + " +" + spec.partitions() + " +0 +"
          + spec.valueType().getSimpleName());
    }
  }

  @Test
  void doctorReportsKeysPresentOrAbsentWithoutTheirValues() throws IOException {
    Path models = home.resolve("models.yaml");
    Files.writeString(models, """
        models:
          - id: with-key
            provider: anthropic
            model: claude-x
            apiKeyEnv: ORKESTRA_TEST_KEY
            family: claude
            inputPricePerMillion: 3
            outputPricePerMillion: 15
          - id: without-key
            provider: gemini
            model: gemini-x
            apiKeyEnv: ORKESTRA_TEST_SURELY_UNSET_KEY
            family: gemini
            inputPricePerMillion: 1
            outputPricePerMillion: 2
        """);
    Result result = run("doctor", "--bootstrap", bootstrap, "--models", models.toString());

    assertThat(result.out())
        .contains("ok    jdk")
        .contains("ok    broker   " + bootstrap + " reachable")
        .containsPattern("ok +model +with-key .*ORKESTRA_TEST_KEY present")
        .containsPattern("FAIL +model +without-key .*ORKESTRA_TEST_SURELY_UNSET_KEY ABSENT")
        .doesNotContain(System.getenv("ORKESTRA_TEST_KEY")).doesNotContain("sk-test")
        .contains("doctor: some checks failed");
    assertThat(result.exitCode()).isEqualTo(1);
  }

  @Test
  void doctorCountsTheWorkersOfEveryRoleAndAServiceStartedAloneJoinsThem() {
    Result before = run("doctor", "--bootstrap", bootstrap, "--models", home.resolve("absent.yaml").toString());
    assertThat(before.out()).containsPattern("ok +workers +coordinator +1 member\\(s\\) in consumer group");
    for (String role : java.util.List.of("retriever", "extractor", "verifier", "synthesizer", "composer", "auditor")) {
      assertThat(before.out()).containsPattern("ok +workers +" + role + " +1 instance\\(s\\) \\(\\d+ lanes\\), \\d+ request\\(s\\)");
    }

    StringWriter serviceOutput = new StringWriter();
    CommandLine commandLine = Orkestra.commandLine();
    commandLine.setOut(new PrintWriter(serviceOutput, true));
    ServiceCommand service = (ServiceCommand) commandLine.getSubcommands().get("service").getCommand();
    // A thread of its own: `up` holds the common pool's only thread on two cores.
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread.ofPlatform().start(() -> exit.complete(commandLine.execute("service", "extractor",
        "--bootstrap", bootstrap, "--data-dir", home.resolve("alone").toString())));
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> serviceOutput.toString().contains("ready") || exit.isDone());
      assertThat(serviceOutput.toString()).contains("service: extractor against " + bootstrap);
      await().atMost(Duration.ofSeconds(30)).until(() -> run("doctor", "--bootstrap", bootstrap, "--models",
          home.resolve("absent.yaml").toString()).out().matches("(?s).*ok +workers +extractor +2 instance\\(s\\).*"));
    } finally {
      service.stop();
    }
    assertThat(exit.join()).isZero();
  }

  @Test
  void aServiceNameThatDoesNotExistIsRefusedNamingTheKnownOnes() {
    Result result = run("service", "summarizer", "--bootstrap", bootstrap);
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err()).contains("no service named 'summarizer'; known: ").contains("extractor");
  }

  @Test
  void doctorNamesAnUnreachableBroker() throws IOException {
    String nobody = "localhost:" + freePort();
    Result result = run("doctor", "--bootstrap", nobody, "--models", home.resolve("absent.yaml").toString());
    assertThat(result.out()).contains("FAIL  broker   " + nobody + " unreachable");
    assertThat(result.exitCode()).isEqualTo(1);
  }

  @Test
  void malformedBootstrapIsRejectedNamingTheOption() {
    Result result = run("topics", "--bootstrap", "not a host");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("--bootstrap: 'not a host' is not HOST:PORT");
  }

  private record Result(int exitCode, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Orkestra.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exit = commandLine.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
