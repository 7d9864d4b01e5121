package dev.orkestra.gate.plan;

/** Report files the gate reads after the commands ran. */
public enum ReportFormat {
  JUNIT, JACOCO, COBERTURA, CHECKSTYLE, SARIF
}
