package dev.orkestra.runtime;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a starting service gets from its host ({@code orkestra up} or its own {@code main}).
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param dataDir where the service may keep local state (indexes, clones, Streams state), one
 *     subdirectory per service
 * @param modelsFile the model registry YAML; may not exist (then model roles answer NOT_AVAILABLE)
 * @param settings string settings ({@code orkestra.<service>.<key>}), from system properties and
 *     the environment, for what a service lets operators tune
 * @param environment where secrets and endpoints that live only in the environment are looked up
 *     ({@code GITHUB_TOKEN}, {@code GITHUB_API_URL}, model API keys): the process environment, or a
 *     test's own map
 */
public record ServiceContext(String bootstrapServers, Path dataDir, Path modelsFile, Map<String, String> settings,
    Function<String, String> environment) {

  public ServiceContext {
    settings = Map.copyOf(settings);
    Objects.requireNonNull(environment, "environment");
  }

  /** Secrets and endpoints from the process environment. */
  public ServiceContext(String bootstrapServers, Path dataDir, Path modelsFile, Map<String, String> settings) {
    this(bootstrapServers, dataDir, modelsFile, settings, System::getenv);
  }

  /** The cluster connection every client of this service uses: bootstrap servers plus {@code orkestra.kafka.*}. */
  public KafkaConnection kafka() {
    return KafkaConnection.fromSettings(bootstrapServers, settings);
  }

  /** This service's own state directory. */
  public Path dataDirFor(String service) {
    return dataDir.resolve(service);
  }

  public Optional<String> setting(String key) {
    return Optional.ofNullable(settings.get(key));
  }

  public int intSetting(String key, int fallback) {
    return setting(key).map(Integer::parseInt).orElse(fallback);
  }
}
