package dev.orkestra.models;

/** A model call failed after it was accepted: provider error, interruption or timeout. The cause is kept. */
public class ModelCallException extends RuntimeException {

  private final String modelId;
  private final String role;

  public ModelCallException(String modelId, String role, String message, Throwable cause) {
    super(message, cause);
    this.modelId = modelId;
    this.role = role;
  }

  public String modelId() {
    return modelId;
  }

  public String role() {
    return role;
  }
}
