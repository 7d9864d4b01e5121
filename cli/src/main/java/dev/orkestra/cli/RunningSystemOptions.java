package dev.orkestra.cli;

import dev.orkestra.runtime.KafkaConnection;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How the task commands reach a running system: {@code --bootstrap} for a cluster, else the
 * {@code orkestra up} running on the data directory. Unlike a question, a task is long work for a
 * running system, so none is started here.
 */
final class RunningSystemOptions {

  @Mixin
  BootstrapOption bootstrap = new BootstrapOption();

  @Option(names = "--timeout", defaultValue = "PT30S", paramLabel = "DURATION",
      description = "How long to wait for the broker (ISO-8601, default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory of `orkestra up` (default ~/.orkestra).")
  Path dataDir;

  /** The connection to use, with the pass-through client settings; fails naming what to do when there is no system. */
  KafkaConnection kafka() {
    return KafkaConnection.fromSettings(servers(), DataDirs.settings());
  }

  private String servers() {
    if (bootstrap.given()) {
      return bootstrap.orDefault();
    }
    Path home = dataDir != null ? dataDir : DataDirs.defaultHome();
    return RunningSystem.find(home).orElseThrow(() -> new IllegalStateException(
        "no running system at " + home + ": start `orkestra up` first, or give --bootstrap HOST:PORT"));
  }
}
