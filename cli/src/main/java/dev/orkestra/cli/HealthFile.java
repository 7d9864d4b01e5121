package dev.orkestra.cli;

import dev.orkestra.runtime.ServiceHealth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What {@code up} says about its services, for {@code doctor} in another process: one line per
 * service ({@code name<TAB>STATUS<TAB>detail}) in {@code <home>/run/health}, rewritten every few
 * seconds while {@code up} runs. A file older than a few rewrites means {@code up} is gone or hung.
 */
final class HealthFile implements AutoCloseable {

  private static final Duration STALE = Duration.ofSeconds(10);

  private final Path file;
  private final ScheduledExecutorService writer;

  private HealthFile(Path file, ScheduledExecutorService writer) {
    this.file = file;
    this.writer = writer;
  }

  static Path of(Path home) {
    return home.resolve("run").resolve("health");
  }

  static HealthFile writeEvery(Path home, LocalSystem system, Duration every) {
    Path file = of(home);
    ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().daemon().name("health-file").factory());
    writer.scheduleAtFixedRate(() -> write(file, system.health()), 0, every.toMillis(), TimeUnit.MILLISECONDS);
    return new HealthFile(file, writer);
  }

  private static void write(Path file, List<ServiceHealth> health) {
    StringBuilder text = new StringBuilder();
    for (ServiceHealth service : health) {
      text.append(service.name()).append('\t').append(service.status()).append('\t')
          .append(service.detail().replace('\n', ' ').replace('\t', ' ')).append('\n');
    }
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling("health.tmp");
      Files.writeString(tmp, text);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // doctor then reports the file as stale: the fault is visible there
    }
  }

  /** The services' health as {@code up} last wrote it, if {@code up} wrote it lately. */
  static Optional<List<ServiceHealth>> read(Path home) {
    Path file = of(home);
    try {
      if (!Files.exists(file)
          || Files.getLastModifiedTime(file).toInstant().isBefore(Instant.now().minus(STALE))) {
        return Optional.empty();
      }
      List<ServiceHealth> health = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        String[] parts = line.split("\t", 3);
        if (parts.length == 3) {
          health.add(new ServiceHealth(parts[0], ServiceHealth.Status.valueOf(parts[1]), parts[2]));
        }
      }
      return Optional.of(health);
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    writer.shutdownNow();
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a stale file is reported as such
    }
  }
}
