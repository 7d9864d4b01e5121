package dev.orkestra.gate.plan;

/** Diagnostics the gate reads from a command's own output (its log). */
public enum OutputFormat {
  JAVAC, FLAKE8, RUFF
}
