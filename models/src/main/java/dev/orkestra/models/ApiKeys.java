package dev.orkestra.models;

import java.util.Objects;
import java.util.function.Function;

/**
 * Looks API keys up by environment-variable name. The lookup is a function so tests can supply keys without
 * touching the process environment. Key values only ever leave this class towards a provider client.
 */
final class ApiKeys {

  private final Function<String, String> env;

  ApiKeys(Function<String, String> env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  /** True when the model needs no key, or its variable is set and not blank. */
  boolean present(ModelSpec spec) {
    return !spec.needsKey() || !isBlank(env.apply(spec.apiKeyEnv()));
  }

  /**
   * @return the key, or {@code null} when the model needs none
   * @throws MissingApiKeyException naming the variable when a needed key is absent
   */
  String keyFor(ModelSpec spec) {
    if (!spec.needsKey()) {
      return null;
    }
    String key = env.apply(spec.apiKeyEnv());
    if (isBlank(key)) {
      throw new MissingApiKeyException(spec.id(), spec.apiKeyEnv());
    }
    return key;
  }

  /** Replaces the model's key in text from elsewhere (e.g. a provider's error message) before we repeat it. */
  String redact(ModelSpec spec, String text) {
    if (text == null || !spec.needsKey()) {
      return text;
    }
    String key = env.apply(spec.apiKeyEnv());
    return isBlank(key) ? text : text.replace(key, "***");
  }

  @Override
  public String toString() {
    return "ApiKeys[values hidden]";
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
