package dev.orkestra.gate.report;

import dev.orkestra.events.task.FindingCategory;
import dev.orkestra.events.task.Severity;

/**
 * One problem a tool reported, as seed 004 has it (severity, category, message, file:line), with the
 * tool and rule that let the gate tell whether the base commit had it already.
 *
 * @param path repository-relative, '/'-separated; null when the tool named no file
 * @param line 1-based; null when the tool named none
 */
public record ToolFinding(String tool, String rule, String path, Integer line, Integer column, String message,
    Severity severity, FindingCategory category) {

  /** {@code path:line} or {@code path} or nothing, for messages. */
  public String where() {
    return path == null ? "" : line == null ? path : path + ":" + line;
  }
}
