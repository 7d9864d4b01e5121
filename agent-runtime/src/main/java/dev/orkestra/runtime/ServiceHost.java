package dev.orkestra.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs services on their own, for the distributed deployment: the same providers {@code orkestra up}
 * starts, against the cluster named by {@code KAFKA_BOOTSTRAP_SERVERS}. Also the one place that
 * turns the environment into a {@link ServiceContext}, for the CLI as much as for service mains.
 */
public final class ServiceHost {

  private static final Logger log = LoggerFactory.getLogger(ServiceHost.class);

  private ServiceHost() {}

  /** Starts the providers and blocks until the JVM is asked to stop; then stops them in reverse order. */
  public static void run(List<ServiceProvider> providers) throws Exception {
    ServiceContext context = contextFromEnvironment(System.getenv());
    List<AutoCloseable> started = new ArrayList<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
      for (int i = started.size() - 1; i >= 0; i--) {
        try {
          started.get(i).close();
        } catch (Exception e) {
          log.warn("stopping a service failed", e);
        }
      }
      stopped.countDown();
    }));
    for (ServiceProvider provider : providers) {
      started.add(provider.start(context));
      log.info("{} started against {}", provider.name(), context.bootstrapServers());
    }
    stopped.await();
  }

  /**
   * {@code KAFKA_BOOTSTRAP_SERVERS} (default {@code localhost:9092}), {@code ORKESTRA_HOME}
   * (default {@code ~/.orkestra}), {@code ORKESTRA_MODELS} (default {@code <home>/models.yaml}),
   * and {@link #settings(Map)}.
   */
  public static ServiceContext contextFromEnvironment(Map<String, String> env) {
    String bootstrap = present(env.get("KAFKA_BOOTSTRAP_SERVERS")) ? env.get("KAFKA_BOOTSTRAP_SERVERS") : "localhost:9092";
    return new ServiceContext(bootstrap, home(env), modelsFile(env), settings(env));
  }

  /** {@code $ORKESTRA_HOME}, else {@code ~/.orkestra}. */
  public static Path home(Map<String, String> env) {
    return present(env.get("ORKESTRA_HOME"))
        ? Path.of(env.get("ORKESTRA_HOME"))
        : Path.of(System.getProperty("user.home"), ".orkestra");
  }

  /** {@code $ORKESTRA_MODELS}, else {@code <home>/models.yaml}. */
  public static Path modelsFile(Map<String, String> env) {
    return present(env.get("ORKESTRA_MODELS")) ? Path.of(env.get("ORKESTRA_MODELS")) : home(env).resolve("models.yaml");
  }

  /**
   * {@code ORKESTRA_<SERVICE>_<KEY>} variables become settings {@code orkestra.<service>.<key>},
   * overridden by {@code -Dorkestra.*} system properties. Secrets ({@code *_KEY}, {@code *_TOKEN})
   * stay in the environment for the one component that reads them; they are never settings.
   */
  public static Map<String, String> settings(Map<String, String> env) {
    Map<String, String> settings = new HashMap<>();
    env.forEach((key, value) -> {
      if (key.startsWith("ORKESTRA_") && !key.endsWith("_KEY") && !key.endsWith("_TOKEN")) {
        settings.put(settingName(key), value);
      }
    });
    System.getProperties().forEach((key, value) -> {
      if (key.toString().startsWith("orkestra.")) {
        settings.put(key.toString(), value.toString());
      }
    });
    return settings;
  }

  /**
   * {@code ORKESTRA_QUALITY_GATE_COMMAND_TIMEOUT_SECONDS} → {@code orkestra.quality-gate.command.timeout.seconds}:
   * underscores become dots, except inside a hyphenated service name, which an environment variable
   * cannot spell.
   */
  static String settingName(String variable) {
    String name = variable.toLowerCase(Locale.ROOT).replace('_', '.');
    for (String service : HYPHENATED_SERVICES) {
      String dotted = "orkestra." + service.replace('-', '.') + ".";
      if (name.startsWith(dotted)) {
        return "orkestra." + service + "." + name.substring(dotted.length());
      }
    }
    return name;
  }

  /** Service names with a hyphen (their settings are {@code orkestra.<name>.<key>}). */
  private static final List<String> HYPHENATED_SERVICES = List.of("quality-gate");

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
