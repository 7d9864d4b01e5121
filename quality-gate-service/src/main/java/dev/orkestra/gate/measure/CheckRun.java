package dev.orkestra.gate.measure;

import dev.orkestra.events.task.CheckKind;

/**
 * How one command of a gate ended on one commit.
 *
 * @param exitCode null when it was killed or never ran
 * @param notRun why it did not run (the gate's time was up), else null
 * @param outputFindings findings read from its own output
 */
public record CheckRun(String name, CheckKind kind, String command, Integer exitCode, boolean timedOut, long durationMs,
    String tail, boolean logTruncated, String notRun, int outputFindings) {

  public boolean succeeded() {
    return notRun == null && !timedOut && exitCode != null && exitCode == 0;
  }
}
