package dev.orkestra.gate.plan;

/** A {@code .orkestra/quality.yml} the gate cannot follow; the message names the field and what is wrong. */
public final class QualityFileException extends Exception {

  public QualityFileException(String message) {
    super(message);
  }
}
