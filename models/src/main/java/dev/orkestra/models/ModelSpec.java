package dev.orkestra.models;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * One configured model. Holds the <em>name</em> of the environment variable with the API key, never the key,
 * so this record (and its {@code toString()}) is safe to log. The constructor enforces every rule that does
 * not need I/O, so a spec built in code is as valid as one loaded from YAML.
 *
 * @param baseUrl   endpoint override, {@code null} for the provider's default
 * @param apiKeyEnv environment variable holding the key, {@code null} when the endpoint needs none
 * @param family    model family (claude, gpt, gemini, llama, ...): lets callers keep a reviewer off the author's family
 * @param script    absolute path of the script file, only for {@link Provider#SCRIPTED}
 */
public record ModelSpec(
    String id,
    Provider provider,
    String model,
    String baseUrl,
    String apiKeyEnv,
    String family,
    double inputPricePerMillion,
    double outputPricePerMillion,
    int concurrency,
    Duration timeout,
    Path script) {

  public static final int DEFAULT_CONCURRENCY = 1;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  // A variable name, not a value: also rejects keys pasted into apiKeyEnv by mistake.
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public ModelSpec {
    if (isBlank(id)) {
      throw new ModelConfigException(String.valueOf(id), "id", "is required");
    }
    if (provider == null) {
      throw new ModelConfigException(id, "provider", "is required (one of " + Provider.knownIds() + ")");
    }
    requireText(id, "model", model);
    requireText(id, "family", family);
    requirePrice(id, "inputPricePerMillion", inputPricePerMillion);
    requirePrice(id, "outputPricePerMillion", outputPricePerMillion);
    if (concurrency < 1) {
      throw new ModelConfigException(id, "concurrency", "must be at least 1 (was " + concurrency + ")");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new ModelConfigException(id, "timeout", "must be a positive duration (was " + timeout + ")");
    }
    if (baseUrl != null && !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
      throw new ModelConfigException(id, "baseUrl", "must start with http:// or https:// (was " + baseUrl + ")");
    }
    checkApiKeyEnv(id, provider, apiKeyEnv, baseUrl);
    checkScript(id, provider, script);
  }

  /** True when calls need a key from the environment. */
  public boolean needsKey() {
    return apiKeyEnv != null;
  }

  private static void checkApiKeyEnv(String id, Provider provider, String apiKeyEnv, String baseUrl) {
    if (apiKeyEnv != null && !ENV_NAME.matcher(apiKeyEnv).matches()) {
      // The value is deliberately not echoed: it may be a key pasted into the wrong field.
      throw new ModelConfigException(id, "apiKeyEnv",
          "must be the name of an environment variable (letters, digits, '_'), not the key itself; value not shown");
    }
    switch (provider) {
      case ANTHROPIC, GEMINI -> {
        if (apiKeyEnv == null) {
          throw new ModelConfigException(id, "apiKeyEnv", "is required for provider " + provider.id());
        }
      }
      // Keyless OpenAI-compatible servers (vLLM, llama.cpp) exist, but the public endpoint needs a key.
      case OPENAI -> {
        if (apiKeyEnv == null && baseUrl == null) {
          throw new ModelConfigException(id, "apiKeyEnv",
              "is required for provider openai unless baseUrl points at a keyless compatible server");
        }
      }
      case OLLAMA, SCRIPTED -> {
        if (apiKeyEnv != null) {
          throw new ModelConfigException(id, "apiKeyEnv", "is not used by provider " + provider.id());
        }
      }
    }
  }

  private static void checkScript(String id, Provider provider, Path script) {
    if (provider == Provider.SCRIPTED && script == null) {
      throw new ModelConfigException(id, "script", "is required for provider scripted");
    }
    if (provider != Provider.SCRIPTED && script != null) {
      throw new ModelConfigException(id, "script", "is only used by provider scripted");
    }
  }

  private static void requireText(String id, String field, String value) {
    if (isBlank(value)) {
      throw new ModelConfigException(id, field, "is required");
    }
  }

  private static void requirePrice(String id, String field, double price) {
    if (!Double.isFinite(price) || price < 0) {
      throw new ModelConfigException(id, field, "must be a non-negative number of USD (was " + price + ")");
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
