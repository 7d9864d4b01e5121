package dev.orkestra.e2e;

import dev.orkestra.runtime.testing.JavaProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Orkestra as separate OS processes, for the SIGKILL campaigns: the broker as
 * {@code orkestra up --no-services} and each service as {@code orkestra service NAME}, every one in a
 * JVM of its own, started and awaited until it prints {@code ready}.
 *
 * @param workDir  where the broker's and the services' data, logs and temp files go
 * @param repoRoot the directory the services may read repositories under
 * @param models   the model registry the services use
 * @param settings extra {@code -D} settings for every service
 */
record OrkestraProcesses(Path workDir, int port, Path repoRoot, Path models, Map<String, String> settings) {

  static OrkestraProcesses on(Path workDir, Path repoRoot, Path models, Map<String, String> settings) {
    try (ServerSocket socket = new ServerSocket(0)) {
      return new OrkestraProcesses(workDir, socket.getLocalPort(), repoRoot, models, settings);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String bootstrap() {
    return "localhost:" + port;
  }

  /** {@code name} ({@code broker} or a service) started, its n-th start logged to {@code logs/<name>-<n>.log}. */
  JavaProcess start(String name, int n) throws Exception {
    Path log = workDir.resolve("logs").resolve(name + "-" + n + ".log");
    Files.createDirectories(log.getParent());
    Files.createDirectories(workDir.resolve("tmp"));
    List<String> args = name.equals("broker")
        ? List.of("up", "--no-services", "--port", Integer.toString(port), "--data-dir",
            workDir.resolve("broker").toString())
        : List.of("service", name, "--bootstrap", bootstrap(), "--data-dir", workDir.resolve("services").toString(),
            "--repo-root", repoRoot.toString());
    String heap = switch (name) {
      case "broker", "retriever" -> "-Xmx640m";
      case "coordinator" -> "-Xmx384m";
      default -> "-Xmx200m";
    };
    List<String> jvm = new ArrayList<>(List.of(heap, "-XX:+UseSerialGC",
        name.equals("broker") ? "-XX:+UseSerialGC" : "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow", "-Djava.io.tmpdir=" + workDir.resolve("tmp"),
        // The command's own logging (to stderr, into the log file), not the tests' configuration.
        "-Dlogback.configurationFile=" + OrkestraProcesses.class.getResource("/logback.xml")));
    settings.forEach((key, value) -> jvm.add("-D" + key + "=" + value));
    Map<String, String> env = new HashMap<>(Map.of("ORKESTRA_MODELS", models.toString(),
        "ORKESTRA_HOME", workDir.resolve("services").toString(),
        // The broker's own account of a restart after SIGKILL (log recovery) is worth keeping.
        "ORKESTRA_LOG_LEVEL", name.equals("broker") || name.equals("synthesizer") ? "INFO" : "WARN"));
    JavaProcess process = JavaProcess.start(name, "dev.orkestra.cli.Orkestra", args, log, jvm, env,
        // In a deployment the broker has machines of its own; here service JVMs that spin on
        // reconnects while it is down would starve its restart of the two cores.
        name.equals("broker") ? 0 : 10);
    process.awaitLine("ready"::equals, Duration.ofMinutes(3));
    System.out.println("chaos: " + name + " ready at " + Instant.now());
    return process;
  }
}
