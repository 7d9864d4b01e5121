package dev.orkestra.cli;

import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.runtime.RoleService;
import dev.orkestra.runtime.RoleServiceProvider;
import dev.orkestra.topics.TopicProvisioner;
import dev.orkestra.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Starts the embedded broker (unless {@code --bootstrap}) and every role service on the classpath. */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = "Start the embedded Kafka broker and every role service in this JVM; prints 'ready'.")
final class UpCommand implements Callable<Integer> {

  @Mixin
  BootstrapOption bootstrap = new BootstrapOption();

  @Option(names = "--port", defaultValue = "9092", description = "Embedded broker port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--data-dir", description = "Embedded broker data directory (default ~/.orkestra).")
  Path dataDir;

  private final CountDownLatch shutdown = new CountDownLatch(1);

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
    List<RoleService<?, ?>> services = new ArrayList<>();
    for (RoleServiceProvider provider : ServiceLoader.load(RoleServiceProvider.class)) {
      services.add(provider.create(servers).start());
    }
    EmbeddedKafkaBroker started = broker;
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> stop(services, started)));
    System.out.println("bootstrap: " + servers);
    System.out.println("topics: " + Topics.ALL.size() + " registry topics present");
    System.out.println("services: " + (services.isEmpty() ? "none on the classpath"
        : String.join(", ", services.stream().map(s -> s.config().role()).toList())));
    System.out.println("ready");
    System.out.flush();
    shutdown.await();
    return 0;
  }

  private void stop(List<RoleService<?, ?>> services, EmbeddedKafkaBroker broker) {
    services.forEach(RoleService::close);
    if (broker != null) {
      broker.close();
    }
    shutdown.countDown();
  }
}
