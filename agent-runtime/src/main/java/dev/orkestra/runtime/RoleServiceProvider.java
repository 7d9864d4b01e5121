package dev.orkestra.runtime;

/**
 * A role service deployable discovered by {@code orkestra up} through {@link java.util.ServiceLoader}
 * (listed in {@code META-INF/services/dev.orkestra.runtime.RoleServiceProvider}), so the one-JVM
 * local run starts every role whose module is on the classpath.
 */
public interface RoleServiceProvider {

  /** Role name, e.g. {@code extractor}. */
  String role();

  /** A configured, not yet started service connected to {@code bootstrapServers}. */
  RoleService<?, ?> create(String bootstrapServers);
}
