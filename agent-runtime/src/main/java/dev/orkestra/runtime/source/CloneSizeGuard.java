package dev.orkestra.runtime.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ProgressMonitor;

/**
 * Stops a clone or fetch whose mirror grows past a cap. JGit has no client-side size limit, but it
 * asks its progress monitor whether to cancel after every object it receives; this monitor answers
 * by measuring the mirror on disk (the incoming pack is written there as it arrives), at most every
 * {@value #MEASURE_EVERY_MS} ms so that a transfer of many small objects is not slowed by the
 * measuring. Transport-independent; while transferring, the overshoot is bounded by one object and
 * one measuring interval, and {@link #exceededNow()} measures once more when the transfer is done.
 */
final class CloneSizeGuard implements ProgressMonitor {

  static final long MEASURE_EVERY_MS = 50;

  private final Path mirror;
  private final long maxBytes;
  private final AtomicLong lastMeasured = new AtomicLong();
  private volatile boolean exceeded;

  CloneSizeGuard(Path mirror, long maxBytes) {
    this.mirror = mirror;
    this.maxBytes = maxBytes;
  }

  /** Whether the mirror grew past the cap (and the transfer was cancelled for it). */
  boolean exceeded() {
    return exceeded;
  }

  /** Measures now: the final word once a transfer has ended (a fast one may end between two measurements). */
  boolean exceededNow() {
    exceeded = exceeded || sizeOf(mirror) > maxBytes;
    return exceeded;
  }

  @Override
  public boolean isCancelled() {
    long now = System.currentTimeMillis();
    long last = lastMeasured.get();
    if (!exceeded && now - last >= MEASURE_EVERY_MS && lastMeasured.compareAndSet(last, now)) {
      exceeded = sizeOf(mirror) > maxBytes;
    }
    return exceeded;
  }

  @Override
  public void start(int totalTasks) {}

  @Override
  public void beginTask(String title, int totalWork) {}

  @Override
  public void update(int completed) {}

  @Override
  public void endTask() {}

  @Override
  public void showDuration(boolean enabled) {}

  /** Bytes of every file under {@code dir}; files that vanish while walking (temporary packs) count as 0. */
  static long sizeOf(Path dir) {
    AtomicLong total = new AtomicLong();
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
          total.addAndGet(attributes.size());
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return total.get();
  }

  /** Removes a partial clone so the next attempt starts clean rather than from a broken mirror. */
  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
