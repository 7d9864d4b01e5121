package dev.orkestra.runtime;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a starting service gets from its host ({@code orkestra up} or its own {@code main}).
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param dataDir where the service may keep local state (indexes, clones, Streams state), one
 *     subdirectory per service
 * @param modelsFile the model registry YAML; may not exist (then model roles answer NOT_AVAILABLE)
 * @param settings string settings ({@code orkestra.<service>.<key>}), from system properties and
 *     the environment, for what a service lets operators tune
 */
public record ServiceContext(String bootstrapServers, Path dataDir, Path modelsFile, Map<String, String> settings) {

  public ServiceContext {
    settings = Map.copyOf(settings);
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
