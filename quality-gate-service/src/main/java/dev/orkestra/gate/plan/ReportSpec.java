package dev.orkestra.gate.plan;

import java.util.List;

/**
 * Report files of one format: a glob relative to the work tree ({@code **}{@code /target/surefire-reports/TEST-*.xml}),
 * or under the run's report directory when it starts with {@code $ORKESTRA_GATE_REPORTS/}.
 */
public record ReportSpec(ReportFormat format, String path) {

  public static final String REPORTS_PREFIX = "$ORKESTRA_GATE_REPORTS/";

  /** Where the common build tools write their reports, read when the commands declare none. */
  public static final List<ReportSpec> STANDARD = List.of(
      new ReportSpec(ReportFormat.JUNIT, "**/target/surefire-reports/TEST-*.xml"),
      new ReportSpec(ReportFormat.JUNIT, "**/target/failsafe-reports/TEST-*.xml"),
      new ReportSpec(ReportFormat.JUNIT, "**/build/test-results/**/TEST-*.xml"),
      new ReportSpec(ReportFormat.JUNIT, REPORTS_PREFIX + "*junit*.xml"),
      new ReportSpec(ReportFormat.JACOCO, "**/target/site/jacoco/jacoco.xml"),
      new ReportSpec(ReportFormat.JACOCO, "**/build/reports/jacoco/**/*.xml"),
      new ReportSpec(ReportFormat.COBERTURA, REPORTS_PREFIX + "coverage.xml"),
      new ReportSpec(ReportFormat.COBERTURA, "**/coverage/cobertura-coverage.xml"),
      new ReportSpec(ReportFormat.CHECKSTYLE, "**/target/checkstyle-result.xml"),
      new ReportSpec(ReportFormat.CHECKSTYLE, "**/build/reports/checkstyle/*.xml"),
      new ReportSpec(ReportFormat.SARIF, REPORTS_PREFIX + "*.sarif"));

  public boolean inReportsDir() {
    return path.startsWith(REPORTS_PREFIX);
  }

  /** The glob without the report-directory prefix. */
  public String glob() {
    return inReportsDir() ? path.substring(REPORTS_PREFIX.length()) : path;
  }
}
