package dev.orkestra.gate.process;

import java.time.Duration;

/**
 * What one command may take: wall-clock time, the output kept in memory for the result and the
 * output written to its log on disk (the parsers read the log; the tail travels in the result).
 */
public record CommandLimits(Duration timeout, int tailLines, int tailChars, long logBytes) {

  public static final int DEFAULT_TAIL_LINES = 200;
  public static final int DEFAULT_TAIL_CHARS = 64 * 1024;
  public static final long DEFAULT_LOG_BYTES = 16L * 1024 * 1024;

  public CommandLimits {
    if (timeout.isNegative() || timeout.isZero() || tailLines < 1 || tailChars < 1 || logBytes < 1) {
      throw new IllegalArgumentException("command limits must be positive: " + timeout + ", " + tailLines + " lines, "
          + tailChars + " chars, " + logBytes + " log bytes");
    }
  }

  public static CommandLimits of(Duration timeout) {
    return new CommandLimits(timeout, DEFAULT_TAIL_LINES, DEFAULT_TAIL_CHARS, DEFAULT_LOG_BYTES);
  }

  public CommandLimits withTimeout(Duration value) {
    return new CommandLimits(value, tailLines, tailChars, logBytes);
  }
}
