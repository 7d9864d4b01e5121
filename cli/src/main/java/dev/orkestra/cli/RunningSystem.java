package dev.orkestra.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * The {@code orkestra up} running on a data directory, if any. {@code up} records its bootstrap
 * address while it runs, so question commands without {@code --bootstrap} use it instead of
 * starting a second broker on the same data (which Kafka's directory lock would refuse anyway).
 */
final class RunningSystem {

  private RunningSystem() {}

  static Path marker(Path home) {
    return home.resolve("run").resolve("bootstrap");
  }

  static void record(Path home, String bootstrapServers) throws IOException {
    Files.createDirectories(marker(home).getParent());
    Files.writeString(marker(home), bootstrapServers);
  }

  static void clear(Path home) {
    try {
      Files.deleteIfExists(marker(home));
    } catch (IOException e) {
      // a stale marker is checked for reachability before use
    }
  }

  /** The bootstrap address of a running {@code up} on {@code home}, when its broker answers. */
  static Optional<String> find(Path home) {
    try {
      if (!Files.exists(marker(home))) {
        return Optional.empty();
      }
      String servers = Files.readString(marker(home)).strip();
      try (Admin admin = Admins.open(servers)) {
        admin.describeCluster().clusterId().get(3, TimeUnit.SECONDS);
        return Optional.of(servers);
      }
    } catch (Exception e) {
      return Optional.empty();
    }
  }
}
