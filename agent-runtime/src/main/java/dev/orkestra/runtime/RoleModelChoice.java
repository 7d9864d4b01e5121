package dev.orkestra.runtime;

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
 * How a role finds its model: the model registry ({@link ServiceContext#modelsFile()}) loaded once
 * at start if the file exists — an invalid file is remembered as the reason no model is usable —
 * and the model id the setting {@code orkestra.<role>.model} names. {@link #choose} checks that a
 * model is in the registry and that its API key is present; calls then go through
 * {@link RoleRequest#callModel}. What a role does without a model (coaching answers not available,
 * the retriever searches alone) is the role's own decision.
 */
public final class RoleModelChoice {

  private static final Logger log = LoggerFactory.getLogger(RoleModelChoice.class);

  /** The outcome of choosing. */
  public sealed interface Choice {
    record Chosen(ModelSpec spec) implements Choice {}

    /** @param reason starts with the model ("model 'x' is not in the model registry") or the registry */
    record Unavailable(String reason) implements Choice {}
  }

  private final String role;
  private final ModelRegistry registry;
  private final String registryProblem;
  private final String configuredModelId;

  /**
   * @param registry the loaded registry, {@code null} when there is none
   * @param registryProblem why the registry could not be loaded, {@code null} when it could (or there is no file)
   * @param configuredModelId {@code orkestra.<role>.model}, {@code null} or blank when unset
   */
  public RoleModelChoice(String role, ModelRegistry registry, String registryProblem, String configuredModelId) {
    this.role = role;
    this.registry = registry;
    this.registryProblem = registryProblem;
    this.configuredModelId = configuredModelId == null || configuredModelId.isBlank() ? null : configuredModelId.strip();
  }

  /** The setting that names a role's model. */
  public static String modelSetting(String role) {
    return "orkestra." + role + ".model";
  }

  /** The registry of {@code context} and the model its {@link #modelSetting} names. */
  public static RoleModelChoice load(ServiceContext context, String role) {
    return load(role, context.modelsFile(), context.setting(modelSetting(role)).orElse(null), context.environment());
  }

  /**
   * Loads the registry if the file exists, API keys looked up in {@code env}; an invalid file is
   * remembered as the reason no model is usable.
   */
  public static RoleModelChoice load(String role, Path modelsFile, String configuredModelId,
      Function<String, String> env) {
    if (modelsFile == null || !Files.isRegularFile(modelsFile)) {
      log.info("{}: no model registry at {}", role, modelsFile);
      return new RoleModelChoice(role, null, null, configuredModelId);
    }
    try {
      return new RoleModelChoice(role, ModelRegistry.load(modelsFile, env), null, configuredModelId);
    } catch (ModelConfigException | UncheckedIOException e) {
      // Messages of the registry name files, models and fields, never key values.
      log.error("{}: model registry {} is unusable: {}", role, modelsFile, e.getMessage());
      return new RoleModelChoice(role, null, e.getMessage(), configuredModelId);
    }
  }

  public String role() {
    return role;
  }

  public Optional<ModelRegistry> registry() {
    return Optional.ofNullable(registry);
  }

  /** Why the registry file could not be loaded; empty when it was, or when there is no file. */
  public Optional<String> registryProblem() {
    return Optional.ofNullable(registryProblem);
  }

  /** What {@code orkestra.<role>.model} names; empty when unset. */
  public Optional<String> configuredModelId() {
    return Optional.ofNullable(configuredModelId);
  }

  /** The configured model, if one is set. */
  public Optional<Choice> configured() {
    return configuredModelId().map(this::choose);
  }

  /** {@code modelId} if the registry has it and its key is present, else why not. */
  public Choice choose(String modelId) {
    if (registry == null) {
      return new Choice.Unavailable(registryProblem == null
          ? "model '" + modelId + "' cannot be used: there is no model registry"
          : "model '" + modelId + "' cannot be used: the model registry is invalid: " + registryProblem);
    }
    Optional<ModelSpec> spec = registry.find(modelId);
    if (spec.isEmpty()) {
      return new Choice.Unavailable("model '" + modelId + "' is not in the model registry");
    }
    if (!registry.keyPresent(spec.get())) {
      return new Choice.Unavailable("model '" + modelId + "' needs an API key, but " + spec.get().apiKeyEnv()
          + " is not set");
    }
    return new Choice.Chosen(spec.get());
  }
}
