package dev.orkestra.gate.report;

/** A test that failed or erred: the name the implementer's retry needs, and the first line of why. */
public record FailedTest(String className, String name, String message, boolean error) {

  public String fullName() {
    return className == null || className.isBlank() ? name : className + "." + name;
  }
}
