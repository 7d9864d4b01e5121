package dev.orkestra.gate.report;

import java.nio.file.Path;

/** A report that could not be read; the gate reports it as a finding instead of trusting a partial count. */
public final class ReportException extends Exception {

  public ReportException(Path file, String reason) {
    super(file.getFileName() + ": " + reason);
  }
}
