package dev.orkestra.gate.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandRunnerTest {

  private static final Sandbox SANDBOX = Sandbox.detect(Sandbox.Network.AUTO);

  @TempDir Path tmp;

  private final CommandRunner runner = new CommandRunner(SANDBOX);

  private ProcessOutcome run(String line, CommandLimits limits) throws Exception {
    Map<String, String> env = new GateEnvironment(GateEnvironment.DEFAULT_PASS, null)
        .variables(System::getenv, dirs("home"), dirs("tmp"), dirs("reports"));
    return runner.run(line, tmp, env, limits, tmp.resolve("logs/command.log"));
  }

  private Path dirs(String name) throws Exception {
    return Files.createDirectories(tmp.resolve(name));
  }

  @Test
  void aTimeoutKillsTheWholeProcessTree() throws Exception {
    ProcessOutcome outcome = run("sleep 600 & echo child=$!; echo shell=$$; sleep 600",
        CommandLimits.of(Duration.ofSeconds(1)));

    assertThat(outcome.timedOut()).isTrue();
    assertThat(outcome.exitCode()).isNull();
    assertThat(outcome.tail()).contains("killed after 1 s");
    for (long pid : pids(outcome.tail())) {
      await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }
  }

  @Test
  void whatACommandLeavesRunningIsKilledWhenItExits() throws Exception {
    ProcessOutcome outcome = run("sleep 600 & echo child=$!; echo shell=$$", CommandLimits.of(Duration.ofMinutes(1)));

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.durationMs()).as("the leftover holding the output pipe does not hold the gate").isLessThan(30_000);
    for (long pid : pids(outcome.tail())) {
      await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }
  }

  @Test
  void outputOverTheCapIsCutInTheLogAndTheTailKeepsTheEnd() throws Exception {
    ProcessOutcome outcome = run("i=0; while [ $i -lt 5000 ]; do echo line-$i; i=$((i+1)); done; echo the-end",
        new CommandLimits(Duration.ofMinutes(1), 5, 1000, 10_000));

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.logTruncated()).isTrue();
    assertThat(Files.size(outcome.log())).isEqualTo(10_000);
    assertThat(outcome.tail()).contains("the-end").contains("earlier lines not shown").doesNotContain("line-10\n");
    assertThat(outcome.tail().lines().count()).isLessThanOrEqualTo(7);
  }

  @Test
  void aSecretInTheServicesEnvironmentIsNotVisibleToTheCommand() throws Exception {
    assertThat(System.getenv("ORKESTRA_TEST_GATE_TOKEN")).as("set by surefire for this test").isNotBlank();

    ProcessOutcome outcome = run("env", CommandLimits.of(Duration.ofMinutes(1)));

    assertThat(outcome.tail()).doesNotContain("ORKESTRA_TEST_GATE_TOKEN").doesNotContain("gate-secret-do-not-leak")
        .contains("HOME=" + tmp.resolve("home")).contains("TMPDIR=" + tmp.resolve("tmp"))
        .contains(GateEnvironment.REPORTS_VARIABLE + "=" + tmp.resolve("reports"));
  }

  @Test
  void stdinIsClosedSoACommandWaitingForInputEndsAtOnce() throws Exception {
    ProcessOutcome outcome = run("cat; echo read-nothing", CommandLimits.of(Duration.ofSeconds(30)));

    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.tail()).contains("read-nothing");
  }

  @Test
  void theExitCodeIsRecorded() throws Exception {
    assertThat(run("exit 3", CommandLimits.of(Duration.ofSeconds(30))).exitCode()).isEqualTo(3);
  }

  @Test
  void whereTheHostAllowsANetworkNamespaceTheCommandSeesOnlyLoopback() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(SANDBOX.networkIsolated(), SANDBOX.describe());

    // /proc/net is the process's own namespace (sysfs would still show the host's interfaces).
    ProcessOutcome outcome = run("tail -n +3 /proc/net/dev | cut -d: -f1", CommandLimits.of(Duration.ofSeconds(30)));

    assertThat(outcome.tail().strip()).isEqualTo("lo");
  }

  @Test
  void inAUserNamespaceTheServicesOwnEnvironmentCannotBeReadThroughProc() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(SANDBOX.networkIsolated() && SANDBOX.unshare().contains("-rn"),
        SANDBOX.describe());

    ProcessOutcome outcome = run("cat /proc/" + ProcessHandle.current().pid() + "/environ",
        CommandLimits.of(Duration.ofSeconds(30)));

    assertThat(outcome.exitCode()).isNotZero();
    assertThat(outcome.tail()).doesNotContain("gate-secret-do-not-leak");
  }

  @Test
  void aVariableThatLooksLikeASecretCannotBeAllowed() {
    for (String name : List.of("GITHUB_TOKEN", "OPENAI_API_KEY", "ORKESTRA_GIT_TOKEN", "DB_PASSWORD", "AWS_REGION")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GateEnvironment(List.of(name), null))
          .hasMessageContaining(name).hasMessageContaining("looks like a secret");
    }
    assertThat(new GateEnvironment(List.of("MAVEN_OPTS", "GRADLE_OPTS"), null)).isNotNull();
  }

  private static List<Long> pids(String tail) {
    Matcher m = Pattern.compile("(child|shell)=(\\d+)").matcher(tail);
    List<Long> pids = new java.util.ArrayList<>();
    while (m.find()) {
      pids.add(Long.parseLong(m.group(2)));
    }
    assertThat(pids).hasSize(2);
    return pids;
  }
}
