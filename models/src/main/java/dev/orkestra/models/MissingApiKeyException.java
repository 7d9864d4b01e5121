package dev.orkestra.models;

/** The environment variable a model's API key should come from is unset or empty. Names the variable, never a value. */
public class MissingApiKeyException extends ModelConfigException {

  private final String envVar;

  public MissingApiKeyException(String modelId, String envVar) {
    super(modelId, "apiKeyEnv", "needs an API key, but environment variable " + envVar + " is not set or empty");
    this.envVar = envVar;
  }

  public String envVar() {
    return envVar;
  }
}
