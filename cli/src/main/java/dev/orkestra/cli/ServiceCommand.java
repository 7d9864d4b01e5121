package dev.orkestra.cli;

import dev.orkestra.runtime.HealthReporting;
import dev.orkestra.runtime.ServiceProvider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * One service in a JVM of its own, against a running broker or cluster: what a deployment runs per
 * pod, and what the fault-injection campaign kills with SIGKILL. The same providers {@code up}
 * starts, with the same settings and grants.
 *
 * <p>Exit codes: 0 after a stop (SIGTERM, Ctrl-C); {@value #EXIT_SERVICE_FAILED} when the service
 * stopped working by itself (e.g. the coordinator's Streams client reached ERROR), so a supervisor
 * restarts it; 1 when it could not start.
 */
@Command(name = "service", mixinStandardHelpOptions = true,
    description = "Run one service (NAME as `up` lists them) in this JVM against a running broker; prints 'ready'.")
final class ServiceCommand implements Callable<Integer> {

  static final int EXIT_SERVICE_FAILED = 70;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "The service: ${COMPLETION-CANDIDATES}.",
      completionCandidates = ServiceNames.class)
  String name;

  @Mixin
  BootstrapOption bootstrap = new BootstrapOption();

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Where the service keeps its state, under DIR/NAME (default ~/.orkestra).")
  Path dataDir;

  @Mixin
  SourceGrants grants = new SourceGrants();

  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean stopping = new AtomicBoolean();
  private volatile LocalSystem system;

  @Override
  public Integer call() throws Exception {
    ServiceProvider provider = LocalSystem.discovered().stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no service named '" + name + "'; known: "
            + String.join(", ", ServiceNames.all())));
    Path home = dataDir != null ? dataDir : DataDirs.defaultHome();
    String servers = bootstrap.given() ? bootstrap.orDefault()
        : RunningSystem.find(home).orElse(BootstrapOption.LOCAL_DEFAULT);
    LocalSystem system = this.system = LocalSystem.onCluster(servers,
        LocalSystem.ServiceContextFactory.of(home, DataDirs.modelsFile(null), grants.applyTo(DataDirs.settings())),
        List.of(provider));
    Thread hook = Thread.ofPlatform().unstarted(() -> stop(system));
    Runtime.getRuntime().addShutdownHook(hook);
    system.onFailure((service, error) -> {
      spec.commandLine().getErr().println("orkestra service " + service + ": stopped working: " + Orkestra.describe(error));
      spec.commandLine().getErr().flush();
      // Exit from a thread of its own: System.exit runs the shutdown hook, which closes the system.
      Thread.ofPlatform().start(() -> System.exit(EXIT_SERVICE_FAILED));
    });
    PrintWriter out = spec.commandLine().getOut();
    out.println("service: " + name + " against " + servers);
    out.println("ready");
    out.flush();
    stopped.await();
    return 0;
  }

  /** Stops the service as SIGTERM would (for callers that run the command in their own JVM). */
  void stop() {
    LocalSystem running = system;
    if (running != null) {
      stop(running);
    }
  }

  private void stop(LocalSystem system) {
    if (stopping.compareAndSet(false, true)) {
      system.close();
      stopped.countDown();
    }
  }

  /** The names of the services on the classpath, for help and completion. */
  static final class ServiceNames implements Iterable<String> {
    static List<String> all() {
      return LocalSystem.discovered().stream().map(ServiceProvider::name).toList();
    }

    @Override
    public java.util.Iterator<String> iterator() {
      return all().iterator();
    }
  }
}
