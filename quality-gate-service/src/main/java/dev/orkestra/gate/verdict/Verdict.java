package dev.orkestra.gate.verdict;

import dev.orkestra.events.task.Finding;
import dev.orkestra.events.task.GateCheck;
import java.util.List;

/** What the gate decided on a commit, in the contract's terms (the GateResult without envelope and ids). */
public record Verdict(boolean passed, List<GateCheck> checks, List<Finding> findings, Double coverageBefore,
    Double coverageAfter, int warningsCount, Integer testsRun, Integer testsFailed, String summary) {

  public Verdict {
    checks = List.copyOf(checks);
    findings = List.copyOf(findings);
  }
}
