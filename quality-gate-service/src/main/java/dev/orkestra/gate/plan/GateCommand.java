package dev.orkestra.gate.plan;

import dev.orkestra.events.task.CheckKind;
import java.time.Duration;
import java.util.List;

/**
 * One command of a gate.
 *
 * @param name what the check is called in the result ({@code tests}, {@code lint})
 * @param kind what it verifies; decides how a non-zero exit is read
 * @param run a shell command line, run in the work tree
 * @param timeout its own limit; null = the gate's default per command
 * @param parse diagnostics to read from its output
 * @param reports report files it writes
 */
public record GateCommand(String name, CheckKind kind, String run, Duration timeout, List<OutputFormat> parse,
    List<ReportSpec> reports) {

  public GateCommand {
    parse = List.copyOf(parse);
    reports = List.copyOf(reports);
  }
}
