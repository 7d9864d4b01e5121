package dev.orkestra.retriever.index;

import java.time.Duration;

/**
 * Says when progress is worth a log line: every {@code everyFiles} files or every {@code every}
 * of time, whichever comes first — so a large repository logs steadily and a small one does not
 * log once per file.
 */
public final class ProgressThrottle {

  private final int everyFiles;
  private final long everyNanos;
  private int lastFiles;
  private long lastNanos;

  public ProgressThrottle(int everyFiles, Duration every, long startNanos) {
    this.everyFiles = everyFiles;
    this.everyNanos = every.toNanos();
    this.lastNanos = startNanos;
  }

  public synchronized boolean due(int filesDone, long nowNanos) {
    if (filesDone - lastFiles >= everyFiles || nowNanos - lastNanos >= everyNanos) {
      lastFiles = filesDone;
      lastNanos = nowNanos;
      return true;
    }
    return false;
  }
}
