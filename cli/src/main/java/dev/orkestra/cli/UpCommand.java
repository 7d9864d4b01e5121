package dev.orkestra.cli;

import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.runtime.ServiceProvider;
import dev.orkestra.runtime.source.SourcePolicy;
import dev.orkestra.topics.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
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

  @Mixin
  SourceGrants grants = new SourceGrants();

  @Option(names = "--no-services",
      description = "Start only the broker (and the registry topics); run services with `orkestra service NAME`.")
  boolean noServices;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean stopping = new AtomicBoolean();
  private volatile Runnable stopAction = () -> { };

  @Override
  public Integer call() throws Exception {
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("--port must be 1-65535, was " + port);
    }
    Path home = dataDir != null ? dataDir : DataDirs.defaultHome();
    LocalSystem.ServiceContextFactory context = LocalSystem.ServiceContextFactory.of(home, DataDirs.modelsFile(null),
        grants.applyTo(DataDirs.settings()));
    if (noServices && bootstrap.given()) {
      throw new IllegalArgumentException("--no-services starts only the embedded broker; with --bootstrap there is nothing to start");
    }
    List<ServiceProvider> services = noServices ? List.of() : LocalSystem.discovered();
    LocalSystem system = bootstrap.given()
        ? LocalSystem.onCluster(bootstrap.orDefault(), context, services)
        : LocalSystem.embedded(EmbeddedKafkaBroker.Settings.persistent(home.resolve("kafka"), port), context, services);
    // A service that stops working by itself (the coordinator's Streams client in ERROR) ends `up`
    // with a non-zero exit, so nobody keeps asking a system that cannot answer.
    system.onFailure((service, error) -> {
      spec.commandLine().getErr().println("orkestra up: " + service + " stopped working: " + Orkestra.describe(error)
          + "; stopping (exit " + ServiceCommand.EXIT_SERVICE_FAILED + ")");
      spec.commandLine().getErr().flush();
      Thread.ofPlatform().start(() -> System.exit(ServiceCommand.EXIT_SERVICE_FAILED));
    });
    HealthFile health = HealthFile.writeEvery(home, system, java.time.Duration.ofSeconds(2));
    Thread hook = Thread.ofPlatform().unstarted(this::stop);
    stopAction = () -> {
      RunningSystem.clear(home);
      health.close();
      system.close();
      removeHook(hook);
    };
    if (!bootstrap.given()) {
      RunningSystem.record(home, system.bootstrapServers());
    }
    Runtime.getRuntime().addShutdownHook(hook);
    out().println("bootstrap: " + system.bootstrapServers());
    out().println("topics: " + Topics.ALL.size() + " registry topics present");
    List<String> names = system.serviceNames();
    out().println("services: " + (noServices ? "none (--no-services)"
        : names.isEmpty() ? "none on the classpath" : String.join(", ", names)));
    out().println(SourceGrants.describe(SourcePolicy.from(system.context())));
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
