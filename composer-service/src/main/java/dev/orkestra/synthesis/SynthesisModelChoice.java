package dev.orkestra.synthesis;

import dev.orkestra.events.common.ModelRef;
import dev.orkestra.models.ModelRegistry;
import dev.orkestra.runtime.RoleModelChoice;
import dev.orkestra.runtime.RoleModelChoice.Choice;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which model writes the coaching: the coordinator's routing choice ({@code SynthesisRequested.model}),
 * else the configured {@code orkestra.synthesizer.model}, else the registry's first model. Without a
 * usable model the answer is a not-available reason — the synthesizer never answers without one.
 * Loading the registry and checking a model is {@link RoleModelChoice}, as for every role.
 */
public final class SynthesisModelChoice {

  private final RoleModelChoice models;

  public SynthesisModelChoice(RoleModelChoice models) {
    this.models = models;
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
    return new SynthesisModelChoice(RoleModelChoice.load(CoachingSynthesizer.ROLE, modelsFile, configuredModelId, env));
  }

  public Optional<ModelRegistry> registry() {
    return models.registry();
  }

  public Choice choose(ModelRef routed) {
    if (models.registry().isEmpty()) {
      return new Choice.Unavailable(models.registryProblem()
          .map(problem -> Coachings.NOT_CONFIGURED + " (the model registry is invalid: " + problem + ")")
          .orElse(Coachings.NOT_CONFIGURED));
    }
    ModelRegistry registry = models.registry().get();
    String modelId = routed != null ? routed.getModelId() : models.configuredModelId().orElse(null);
    if (modelId == null) {
      if (registry.models().isEmpty()) {
        return new Choice.Unavailable(Coachings.NOT_CONFIGURED);
      }
      modelId = registry.models().getFirst().id();
    }
    return switch (models.choose(modelId)) {
      case Choice.Chosen chosen -> chosen;
      case Choice.Unavailable unavailable -> new Choice.Unavailable("NOT_AVAILABLE: coaching " + unavailable.reason());
    };
  }
}
