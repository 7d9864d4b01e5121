package dev.orkestra.retriever;

import dev.orkestra.runtime.ServiceContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The retriever alone, for the distributed deployment: {@code KAFKA_BOOTSTRAP_SERVERS} names the
 * cluster, {@code ORKESTRA_HOME} the data directory (default {@code ~/.orkestra}); settings come from
 * {@code ORKESTRA_RETRIEVER_*} variables and {@code -Dorkestra.retriever.*} properties.
 */
public final class RetrieverMain {

  private RetrieverMain() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    if (bootstrap == null || bootstrap.isBlank()) {
      System.err.println("retriever: set KAFKA_BOOTSTRAP_SERVERS (e.g. kafka:9092)");
      System.exit(2);
    }
    String homeVariable = System.getenv("ORKESTRA_HOME");
    Path home = homeVariable != null && !homeVariable.isBlank() ? Path.of(homeVariable)
        : Path.of(System.getProperty("user.home"), ".orkestra");
    ServiceContext context = new ServiceContext(bootstrap, home, home.resolve("models.yaml"), settings());
    AutoCloseable service = new RetrieverProvider().start(context);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
      try {
        service.close();
      } catch (Exception e) {
        System.err.println("retriever: stopping failed: " + e.getMessage());
      }
      stopped.countDown();
    }));
    System.err.println("retriever: consuming from " + bootstrap);
    stopped.await();
  }

  /** {@code ORKESTRA_RETRIEVER_CONCURRENCY} → {@code orkestra.retriever.concurrency}; system properties win. */
  static Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>();
    System.getenv().forEach((key, value) -> {
      if (key.startsWith("ORKESTRA_RETRIEVER_")) {
        settings.put(key.toLowerCase().replace('_', '.'), value);
      }
    });
    System.getProperties().forEach((key, value) -> {
      if (key.toString().startsWith("orkestra.")) {
        settings.put(key.toString(), value.toString());
      }
    });
    return settings;
  }
}
