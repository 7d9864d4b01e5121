package dev.orkestra.models;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of model back ends the registry can build. The YAML names them by {@link #id()}. */
public enum Provider {
  /** Any OpenAI-compatible chat-completions endpoint (OpenAI itself, vLLM, LM Studio, ...). */
  OPENAI("openai"),
  ANTHROPIC("anthropic"),
  GEMINI("gemini"),
  OLLAMA("ollama"),
  /** Canned responses from a YAML script: deterministic runs and tests without a network. */
  SCRIPTED("scripted");

  private final String id;

  Provider(String id) {
    this.id = id;
  }

  /** The lower-case name used in the YAML file and in usage reports. */
  public String id() {
    return id;
  }

  public static Optional<Provider> fromId(String id) {
    return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
  }

  static String knownIds() {
    return Arrays.stream(values()).map(Provider::id).collect(Collectors.joining(", "));
  }
}
