package dev.orkestra.gate.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orkestra.events.task.FindingCategory;
import dev.orkestra.events.task.Severity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * SARIF 2.1.0 (CodeQL, Semgrep, SpotBugs, ESLint, ruff's {@code --output-format sarif} ...): each
 * run's tool, each result's rule, level, message and first physical location. Level error → MAJOR,
 * warning (SARIF's default) → MEDIUM, note/none → MINOR. A result whose rule is tagged
 * {@code security} is a SECURITY finding, else LINT.
 */
public final class SarifJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SarifJson() {}

  public static List<ToolFinding> parse(Path file, Path root) throws ReportException {
    JsonNode sarif;
    try {
      sarif = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new ReportException(file, "not readable JSON: " + e.getMessage());
    }
    if (sarif == null || !sarif.path("runs").isArray()) {
      throw new ReportException(file, "not a SARIF log (no runs array)");
    }
    List<ToolFinding> findings = new ArrayList<>();
    for (JsonNode run : sarif.path("runs")) {
      String tool = run.path("tool").path("driver").path("name").asText("sarif");
      for (JsonNode result : run.path("results")) {
        String rule = result.path("ruleId").asText(null);
        JsonNode physical = result.path("locations").path(0).path("physicalLocation");
        JsonNode region = physical.path("region");
        findings.add(new ToolFinding(tool, rule,
            FindingPaths.relative(physical.path("artifactLocation").path("uri").asText(null), root),
            region.has("startLine") ? region.path("startLine").asInt() : null,
            region.has("startColumn") ? region.path("startColumn").asInt() : null,
            result.path("message").path("text").asText(""),
            switch (result.path("level").asText("warning")) {
              case "error" -> Severity.MAJOR;
              case "note", "none" -> Severity.MINOR;
              default -> Severity.MEDIUM;
            }, security(run, rule) ? FindingCategory.SECURITY : FindingCategory.LINT));
      }
    }
    return findings;
  }

  private static boolean security(JsonNode run, String rule) {
    for (JsonNode descriptor : run.path("tool").path("driver").path("rules")) {
      if (descriptor.path("id").asText("").equals(rule)) {
        for (JsonNode tag : descriptor.path("properties").path("tags")) {
          if (tag.asText("").equalsIgnoreCase("security")) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
