package dev.orkestra.gate.measure;

import dev.orkestra.gate.report.Coverage;
import dev.orkestra.gate.report.TestSummary;
import dev.orkestra.gate.report.ToolFinding;
import java.util.List;

/**
 * What the gate found on one commit: how each command ended, the tests and coverage its reports
 * show, and every finding. A base commit's measurement is stored (JSON) and reused.
 *
 * @param problems reports that could not be read, and other things the result must mention
 * @param complete every command ran to its end (a measurement cut short is never reused)
 */
public record Measurement(String commit, List<CheckRun> checks, TestSummary tests, Coverage coverage,
    List<ToolFinding> findings, List<String> problems, boolean complete) {

  public Measurement {
    checks = List.copyOf(checks);
    findings = List.copyOf(findings);
    problems = List.copyOf(problems);
  }
}
