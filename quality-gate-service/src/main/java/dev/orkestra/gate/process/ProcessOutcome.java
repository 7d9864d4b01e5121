package dev.orkestra.gate.process;

import java.nio.file.Path;

/**
 * How a command ended.
 *
 * @param exitCode the exit code; null when it was killed on its timeout
 * @param timedOut killed (with every process it started) when its time ran out
 * @param durationMs wall-clock time
 * @param tail the end of its output (stdout and stderr interleaved), bounded
 * @param log its whole output on disk, cut at the log bound
 * @param logTruncated the output was longer than the log bound (the parsers saw only its start)
 */
public record ProcessOutcome(Integer exitCode, boolean timedOut, long durationMs, String tail, Path log,
    boolean logTruncated) {

  public boolean succeeded() {
    return !timedOut && exitCode != null && exitCode == 0;
  }
}
