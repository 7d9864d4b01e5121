package dev.orkestra.synthesis;

import dev.orkestra.events.common.ModelRef;
import dev.orkestra.models.ModelConfigException;
import dev.orkestra.models.ModelRegistry;
import dev.orkestra.models.ModelSpec;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which model writes the coaching: the coordinator's routing choice ({@code SynthesisRequested.model}),
 * else the configured {@code orkestra.synthesizer.model}, else the registry's first model. Without a
 * usable model the answer is a not-available reason — the synthesizer never answers without one.
 */
public final class SynthesisModelChoice {

  private static final Logger log = LoggerFactory.getLogger(SynthesisModelChoice.class);

  /** The outcome of choosing. */
  public sealed interface Choice {
    record Chosen(ModelSpec spec) implements Choice {}

    record Unavailable(String reason) implements Choice {}
  }

  private final ModelRegistry registry;
  private final String registryProblem;
  private final String configuredModelId;

  /**
   * @param registry the loaded registry, {@code null} when there is none
   * @param registryProblem why the registry could not be loaded, {@code null} when it could (or there is no file)
   * @param configuredModelId {@code orkestra.synthesizer.model}, {@code null} when unset
   */
  public SynthesisModelChoice(ModelRegistry registry, String registryProblem, String configuredModelId) {
    this.registry = registry;
    this.registryProblem = registryProblem;
    this.configuredModelId = configuredModelId == null || configuredModelId.isBlank() ? null : configuredModelId;
  }

  /** Loads the registry if the file exists, API keys from the process environment. */
  public static SynthesisModelChoice load(Path modelsFile, String configuredModelId) {
    return load(modelsFile, configuredModelId, System::getenv);
  }

  /**
   * Loads the registry if the file exists, API keys looked up in {@code env}; an invalid file is
   * remembered as the reason coaching is not available.
   */
  public static SynthesisModelChoice load(Path modelsFile, String configuredModelId, Function<String, String> env) {
    if (modelsFile == null || !Files.isRegularFile(modelsFile)) {
      log.info("synthesizer: no model registry at {}; coaching answers {}", modelsFile, Coachings.NOT_CONFIGURED);
      return new SynthesisModelChoice(null, null, configuredModelId);
    }
    try {
      return new SynthesisModelChoice(ModelRegistry.load(modelsFile, env), null, configuredModelId);
    } catch (ModelConfigException | UncheckedIOException e) {
      // Messages of the registry name files, models and fields, never key values.
      log.error("synthesizer: model registry {} is unusable: {}", modelsFile, e.getMessage());
      return new SynthesisModelChoice(null, e.getMessage(), configuredModelId);
    }
  }

  public Optional<ModelRegistry> registry() {
    return Optional.ofNullable(registry);
  }

  public Choice choose(ModelRef routed) {
    if (registry == null) {
      return new Choice.Unavailable(registryProblem == null
          ? Coachings.NOT_CONFIGURED
          : Coachings.NOT_CONFIGURED + " (the model registry is invalid: " + registryProblem + ")");
    }
    String modelId = routed != null ? routed.getModelId() : configuredModelId;
    if (modelId == null) {
      return registry.models().isEmpty()
          ? new Choice.Unavailable(Coachings.NOT_CONFIGURED)
          : usable(registry.models().getFirst());
    }
    return registry.find(modelId)
        .map(this::usable)
        .orElseGet(() -> new Choice.Unavailable(
            "NOT_AVAILABLE: coaching model '" + modelId + "' is not in the model registry"));
  }

  private Choice usable(ModelSpec spec) {
    if (!registry.keyPresent(spec)) {
      return new Choice.Unavailable("NOT_AVAILABLE: coaching model '" + spec.id() + "' needs an API key, but "
          + spec.apiKeyEnv() + " is not set");
    }
    return new Choice.Chosen(spec);
  }
}
