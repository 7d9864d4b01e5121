package dev.orkestra.retriever.index;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs indexing at INFO: the start, every {@code everyFiles} files or {@code every} seconds, the end. */
public final class LoggingProgressListener implements IndexProgressListener {

  private static final Logger log = LoggerFactory.getLogger(LoggingProgressListener.class);

  private final int everyFiles;
  private final Duration every;
  private final Map<String, ProgressThrottle> throttles = new ConcurrentHashMap<>();

  public LoggingProgressListener(int everyFiles, Duration every) {
    this.everyFiles = everyFiles;
    this.every = every;
  }

  @Override
  public void started(IndexProgress progress) {
    throttles.put(progress.commitSha(), new ProgressThrottle(everyFiles, every, System.nanoTime()));
    log.info("indexing {} at {}: {} files to read", progress.repo(), abbreviate(progress.commitSha()),
        progress.filesTotal());
  }

  @Override
  public void progressed(IndexProgress progress) {
    ProgressThrottle throttle = throttles.get(progress.commitSha());
    if (throttle != null && throttle.due(progress.filesDone(), System.nanoTime())) {
      log.info("indexing {} at {}: {}/{} files ({}%), {} chunks embedded, {} s", progress.repo(),
          abbreviate(progress.commitSha()), progress.filesDone(), progress.filesTotal(),
          Math.round(progress.fraction() * 100), progress.chunksEmbedded(), progress.elapsed().toSeconds());
    }
  }

  @Override
  public void finished(IndexReport report) {
    throttles.remove(report.commitSha());
    log.info("indexed {} at {} in {} ms: {} files ({} read, {} unchanged, {} skipped, {} dropped), "
            + "{} chunks added, {} embedded, {} embeddings reused", report.repo(), abbreviate(report.commitSha()),
        report.elapsed().toMillis(), report.filesInCommit(), report.filesIndexed(), report.filesUnchanged(),
        report.filesSkipped(), report.filesDropped(), report.chunksAdded(), report.chunksEmbedded(),
        report.embeddingsReused());
  }

  private static String abbreviate(String sha) {
    return sha.length() > 12 ? sha.substring(0, 12) : sha;
  }
}
