package dev.orkestra.models;

import java.time.Duration;

/** The model did not answer within its configured timeout; the call was cancelled. */
public class ModelTimeoutException extends ModelCallException {

  private final Duration timeout;

  public ModelTimeoutException(String modelId, String role, Duration timeout) {
    super(modelId, role, "Model '" + modelId + "' did not answer role '" + role + "' within " + timeout, null);
    this.timeout = timeout;
  }

  public Duration timeout() {
    return timeout;
  }
}
