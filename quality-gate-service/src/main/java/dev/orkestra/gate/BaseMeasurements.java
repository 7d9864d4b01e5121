package dev.orkestra.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orkestra.gate.measure.Measurement;
import dev.orkestra.gate.plan.QualityConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * A base commit measured once and reused: every step of a task, and every attempt of a step, is
 * compared with the same base. Kept on disk by (repository, base commit, commands) so a restart
 * reuses it too; requests that need the same base at the same time share one run. Only a complete
 * measurement is kept (a command cut short by the gate's time would be a wrong baseline for good).
 */
final class BaseMeasurements {

  @FunctionalInterface
  interface Measure {
    Measurement run() throws Exception;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final ConcurrentHashMap<String, CompletableFuture<Measurement>> running = new ConcurrentHashMap<>();

  BaseMeasurements(Path dir) {
    this.dir = dir;
  }

  Measurement get(String repo, String baseSha, QualityConfig config, Measure measure) throws Exception {
    String key = key(repo, baseSha, config);
    Path file = dir.resolve(key + ".json");
    if (Files.isRegularFile(file)) {
      return JSON.readValue(file.toFile(), Measurement.class);
    }
    CompletableFuture<Measurement> mine = new CompletableFuture<>();
    CompletableFuture<Measurement> shared = running.putIfAbsent(key, mine);
    if (shared != null) {
      try {
        return shared.get();
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
    }
    try {
      Measurement measurement = measure.run();
      if (measurement.complete()) {
        store(file, measurement);
      }
      mine.complete(measurement);
      return measurement;
    } catch (Exception | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      running.remove(key, mine);
    }
  }

  private void store(Path file, Measurement measurement) throws IOException {
    Files.createDirectories(dir);
    Path partial = Files.createTempFile(dir, "base-", ".part");
    JSON.writeValue(partial.toFile(), measurement);
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  static String key(String repo, String baseSha, QualityConfig config) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((repo + "\n" + baseSha + "\n" + config)
          .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
