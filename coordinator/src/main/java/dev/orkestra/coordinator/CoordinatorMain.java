package dev.orkestra.coordinator;

import dev.orkestra.runtime.ServiceContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The coordinator on its own, for the distributed deployment: {@code KAFKA_BOOTSTRAP_SERVERS}
 * (default {@code localhost:9092}), state under {@code $ORKESTRA_HOME} (default
 * {@code ~/.orkestra}), settings from {@code ORKESTRA_COORDINATOR_*} / {@code -Dorkestra.coordinator.*}.
 * Runs until the JVM is asked to stop, then closes gracefully.
 */
public final class CoordinatorMain {

  private CoordinatorMain() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = env("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
    Path home = Path.of(env("ORKESTRA_HOME", Path.of(System.getProperty("user.home"), ".orkestra").toString()));
    ServiceContext context = new ServiceContext(bootstrap, home, home.resolve("models.yaml"), settings());
    CoordinatorService service = new CoordinatorServiceProvider().start(context);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
      service.close();
      stopped.countDown();
    }));
    stopped.await();
  }

  /**
   * {@code ORKESTRA_<SERVICE>_<KEY>} becomes {@code orkestra.<service>.<key>}; {@code -Dorkestra.*}
   * overrides it. Variables that hold secrets ({@code *_KEY}, {@code *_TOKEN}) are never read.
   */
  static Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>();
    System.getenv().forEach((key, value) -> {
      if (key.startsWith("ORKESTRA_") && !key.endsWith("_KEY") && !key.endsWith("_TOKEN")) {
        settings.put(key.toLowerCase(java.util.Locale.ROOT).replace('_', '.'), value);
      }
    });
    System.getProperties().forEach((key, value) -> {
      if (key.toString().startsWith("orkestra.")) {
        settings.put(key.toString(), value.toString());
      }
    });
    return settings;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
