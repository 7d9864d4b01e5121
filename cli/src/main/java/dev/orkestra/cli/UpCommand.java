package dev.orkestra.cli;

import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.ServiceProvider;
import dev.orkestra.topics.TopicProvisioner;
import dev.orkestra.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Starts the embedded broker (unless {@code --bootstrap}) and every role service on the classpath. */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = "Start the embedded Kafka broker and every role service in this JVM; prints 'ready'.")
final class UpCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  BootstrapOption bootstrap = new BootstrapOption();

  @Option(names = "--port", defaultValue = "9092", description = "Embedded broker port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--data-dir", description = "Embedded broker data directory (default ~/.orkestra).")
  Path dataDir;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean stopping = new AtomicBoolean();
  private volatile Runnable stopAction = () -> { };

  @Override
  public Integer call() throws Exception {
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("--port must be 1-65535, was " + port);
    }
    EmbeddedKafkaBroker broker = null;
    String servers;
    if (bootstrap.given()) {
      servers = bootstrap.orDefault();
      try (Admin admin = Admins.open(servers)) {
        TopicProvisioner.ensure(admin, Topics.ALL, Duration.ofSeconds(30));
      }
    } else {
      Path dir = (dataDir != null ? dataDir : DataDirs.defaultHome()).resolve("kafka");
      broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.persistent(dir, port));
      broker.createTopics(Topics.ALL);
      servers = broker.bootstrapServers();
    }
    Path home = dataDir != null ? dataDir : DataDirs.defaultHome();
    ServiceContext context = new ServiceContext(servers, home, DataDirs.modelsFile(null), DataDirs.settings());
    List<String> names = new ArrayList<>();
    List<AutoCloseable> services = new ArrayList<>();
    for (ServiceProvider provider : ServiceLoader.load(ServiceProvider.class)) {
      services.add(provider.start(context));
      names.add(provider.name());
    }
    EmbeddedKafkaBroker started = broker;
    Thread hook = Thread.ofPlatform().unstarted(this::stop);
    stopAction = () -> {
      for (int i = services.size() - 1; i >= 0; i--) {
        closeQuietly(services.get(i));
      }
      if (started != null) {
        started.close();
      }
      removeHook(hook);
    };
    Runtime.getRuntime().addShutdownHook(hook);
    out().println("bootstrap: " + servers);
    out().println("topics: " + Topics.ALL.size() + " registry topics present");
    out().println("services: " + (names.isEmpty() ? "none on the classpath" : String.join(", ", names)));
    out().println("ready");
    out().flush();
    stopped.await();
    return 0;
  }

  /** Stops services, then the broker; once, whether from Ctrl-C (the shutdown hook) or a caller. */
  void stop() {
    if (stopping.compareAndSet(false, true)) {
      stopAction.run();
      stopped.countDown();
    }
  }

  private static void closeQuietly(AutoCloseable service) {
    try {
      service.close();
    } catch (Exception e) {
      System.err.println("orkestra up: stopping a service failed: " + e.getMessage());
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // called from the hook itself
    }
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
