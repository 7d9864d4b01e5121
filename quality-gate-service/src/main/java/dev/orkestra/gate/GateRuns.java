package dev.orkestra.gate;

import dev.orkestra.events.task.GateRequested;
import dev.orkestra.events.task.GateResult;
import dev.orkestra.serde.AvroSerde;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate runs of this instance, keyed by request: a build takes minutes, a delivery 12 s, so a
 * request's first delivery starts the run and every continuation joins it (docs/runtime.md, "long
 * work"). A finished run's result is kept on disk until its request is answered and a day after, so
 * a continuation that arrives after a restart of this instance replays it instead of building again.
 * Runs start at most {@code parallelRuns} at a time; the others wait their turn.
 */
final class GateRuns implements AutoCloseable {

  @FunctionalInterface
  interface Work {
    GateResult run(GateRequested request) throws Exception;
  }

  private static final Logger log = LoggerFactory.getLogger(GateRuns.class);
  private static final AvroSerde<GateResult> RESULTS = AvroSerde.of(GateResult.class);
  private static final Duration KEEP = Duration.ofDays(1);

  private final Path dir;
  private final Work work;
  private final Semaphore permits;
  private final ExecutorService executor;
  private final ConcurrentHashMap<String, CompletableFuture<GateResult>> running = new ConcurrentHashMap<>();

  GateRuns(Path dir, Work work, int parallelRuns, ExecutorService executor) {
    this.dir = dir;
    this.work = work;
    this.permits = new Semaphore(parallelRuns, true);
    this.executor = executor;
    deleteOld();
  }

  /** The request's result: replayed from disk, joined while it runs here, or started. */
  GateResult join(GateRequested request) throws Exception {
    String id = request.getEnvelope().getEventId();
    Path stored = dir.resolve(id + ".avro");
    if (Files.isRegularFile(stored)) {
      return RESULTS.decode(Files.readAllBytes(stored));
    }
    CompletableFuture<GateResult> run = running.computeIfAbsent(id, key -> {
      CompletableFuture<GateResult> started = CompletableFuture.supplyAsync(() -> execute(request, stored), executor);
      started.whenComplete((result, failure) -> running.remove(key));
      return started;
    });
    try {
      return run.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
      throw cause instanceof Exception exception ? exception : e;
    }
  }

  private GateResult execute(GateRequested request, Path stored) {
    try {
      permits.acquire();
      try {
        log.info("quality gate: run for {} {} at {} started", request.getTaskId(), request.getStepId(),
            request.getRepo().getCommitSha());
        GateResult result = work.run(request);
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, "result-", ".part");
        Files.write(partial, RESULTS.encode(result));
        Files.move(partial, stored, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        log.info("quality gate: run for {} {} finished in {} ms: {}", request.getTaskId(), request.getStepId(),
            result.getDurationMs(), result.getSummary());
        return result;
      } finally {
        permits.release();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CompletionException(e);
    } catch (Exception e) {
      throw new CompletionException(e);
    }
  }

  private void deleteOld() {
    if (!Files.isDirectory(dir)) {
      return;
    }
    Instant before = Instant.now().minus(KEEP);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        if (Files.getLastModifiedTime(file).toInstant().isBefore(before)) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  @Override
  public void close() {
    // Interrupts the runs: CommandRunner kills what each one started.
    executor.shutdownNow();
  }
}
