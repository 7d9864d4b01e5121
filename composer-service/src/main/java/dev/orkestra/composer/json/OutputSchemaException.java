package dev.orkestra.composer.json;

import java.util.List;

/** A response that breaks seed 000's Global Output Schema; the message lists every problem. */
public final class OutputSchemaException extends RuntimeException {

  private final List<String> problems;

  public OutputSchemaException(List<String> problems) {
    super("Output schema validation failed: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
