package dev.orkestra.cli;

import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.ServiceProvider;
import dev.orkestra.topics.TopicProvisioner;
import dev.orkestra.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.BiConsumer;
import java.util.function.Function;
import dev.orkestra.runtime.HealthReporting;
import dev.orkestra.runtime.ServiceHealth;
import org.apache.kafka.clients.admin.Admin;

/**
 * The whole system in this JVM: an embedded broker (unless given an existing cluster) and every
 * service whose module is on the classpath, found through {@link ServiceProvider}. Used by
 * {@code up}, by the question commands without {@code --bootstrap}, by end-to-end tests and the
 * benchmark.
 */
public final class LocalSystem implements AutoCloseable {

  private final EmbeddedKafkaBroker broker;
  private final String bootstrapServers;
  private final ServiceContext context;
  private final Map<String, ServiceProvider> providers = new LinkedHashMap<>();
  private final Map<String, AutoCloseable> running = new LinkedHashMap<>();
  // Until a host listens, a service that stops by itself is only logged.
  private volatile BiConsumer<String, Throwable> failures = (name, error) ->
      System.err.println("orkestra: " + name + " stopped working: " + error);

  private LocalSystem(EmbeddedKafkaBroker broker, String bootstrapServers, ServiceContext context) {
    this.broker = broker;
    this.bootstrapServers = bootstrapServers;
    this.context = context;
  }

  /** Every service provider on the classpath. */
  public static List<ServiceProvider> discovered() {
    List<ServiceProvider> found = new ArrayList<>();
    ServiceLoader.load(ServiceProvider.class).forEach(found::add);
    return found;
  }

  /** Starts an embedded broker, then every discovered service. */
  public static LocalSystem embedded(EmbeddedKafkaBroker.Settings brokerSettings, ServiceContextFactory context)
      throws Exception {
    return embedded(brokerSettings, context, discovered());
  }

  /** Starts an embedded broker, then the given services (tests swap or leave out some). */
  public static LocalSystem embedded(EmbeddedKafkaBroker.Settings brokerSettings, ServiceContextFactory context,
      List<ServiceProvider> services) throws Exception {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(brokerSettings);
    LocalSystem system = new LocalSystem(broker, broker.bootstrapServers(), context.create(broker.bootstrapServers()));
    try {
      broker.createTopics(Topics.ALL);
      system.startAll(services);
      return system;
    } catch (Exception | Error e) {
      system.close();
      throw e;
    }
  }

  /** Provisions the registry topics on an existing cluster, then starts every discovered service against it. */
  public static LocalSystem onCluster(String bootstrapServers, ServiceContextFactory context) throws Exception {
    return onCluster(bootstrapServers, context, discovered());
  }

  /** Provisions the registry topics on an existing cluster, then starts {@code services} against it. */
  public static LocalSystem onCluster(String bootstrapServers, ServiceContextFactory context,
      List<ServiceProvider> services) throws Exception {
    ServiceContext serviceContext = context.create(bootstrapServers);
    try (Admin admin = Admins.open(serviceContext.kafka())) {
      TopicProvisioner.ensure(admin, Topics.ALL, Duration.ofSeconds(30));
    }
    LocalSystem system = new LocalSystem(null, bootstrapServers, serviceContext);
    try {
      system.startAll(services);
      return system;
    } catch (Exception | Error e) {
      system.close();
      throw e;
    }
  }

  /** Builds the services' context once the bootstrap address is known. */
  @FunctionalInterface
  public interface ServiceContextFactory {
    ServiceContext create(String bootstrapServers);

    static ServiceContextFactory of(Path home, Path modelsFile) {
      return of(home, modelsFile, Map.of());
    }

    /** With {@code overrides} on top of the settings from the environment and system properties. */
    static ServiceContextFactory of(Path home, Path modelsFile, Map<String, String> overrides) {
      return of(home, modelsFile, overrides, System::getenv);
    }

    /** As {@link #of(Path, Path, Map)}, secrets and endpoints looked up in {@code environment}. */
    static ServiceContextFactory of(Path home, Path modelsFile, Map<String, String> overrides,
        Function<String, String> environment) {
      return servers -> {
        Map<String, String> settings = new HashMap<>(DataDirs.settings());
        settings.putAll(overrides);
        return new ServiceContext(servers, home, modelsFile, settings, environment);
      };
    }
  }

  private void startAll(List<ServiceProvider> services) throws Exception {
    for (ServiceProvider provider : services) {
      providers.put(provider.name(), provider);
      start(provider.name());
    }
  }

  /** Starts a service that was stopped (or never started). */
  public synchronized void start(String name) throws Exception {
    ServiceProvider provider = providers.get(name);
    if (provider == null) {
      throw new IllegalArgumentException("no service named " + name + "; known: " + providers.keySet());
    }
    if (!running.containsKey(name)) {
      AutoCloseable handle = provider.start(context);
      running.put(name, handle);
      if (handle instanceof HealthReporting reporting) {
        reporting.onFailure(error -> failures.accept(name, error));
      }
    }
  }

  /**
   * Calls {@code listener} with the service's name when a running service stops working by itself
   * (e.g. the coordinator's Streams client reached ERROR); {@code up} and {@code service} then exit
   * non-zero instead of running on without it.
   */
  public synchronized void onFailure(BiConsumer<String, Throwable> listener) {
    this.failures = listener;
  }

  /** How each running service is doing; a service that reports nothing counts as UP while it runs. */
  public synchronized List<ServiceHealth> health() {
    List<ServiceHealth> health = new ArrayList<>();
    running.forEach((name, handle) -> health.add(handle instanceof HealthReporting reporting ? reporting.health()
        : new ServiceHealth(name, ServiceHealth.Status.UP, "running")));
    return health;
  }

  /** Stops one service gracefully; the others keep running. */
  public synchronized void stop(String name) throws Exception {
    AutoCloseable service = running.remove(name);
    if (service != null) {
      service.close();
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public ServiceContext context() {
    return context;
  }

  public synchronized List<String> serviceNames() {
    return List.copyOf(running.keySet());
  }

  /** Stops services in reverse start order, then the broker. */
  @Override
  public synchronized void close() {
    List<String> names = new ArrayList<>(running.keySet());
    for (int i = names.size() - 1; i >= 0; i--) {
      try {
        stop(names.get(i));
      } catch (Exception e) {
        System.err.println("orkestra: stopping " + names.get(i) + " failed: " + e.getMessage());
      }
    }
    if (broker != null) {
      broker.close();
    }
  }
}
