package dev.orkestra.kafka.embedded;

import dev.orkestra.topics.TopicProvisioner;
import dev.orkestra.topics.TopicSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka 4.2 broker (KRaft, combined broker + controller) running in this JVM.
 *
 * <p>It is the embedded default of {@code orkestra up} (persistent data under {@code ~/.orkestra})
 * and the broker of every integration test (temporary data, free ports). It supports share groups,
 * transactions and Kafka Streams on one node because every internal topic is sized for one node.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  /** How the broker is placed: where its data lives, which ports it takes, whether data outlives it. */
  public record Settings(Path dataDir, int port, int controllerPort, boolean deleteDataOnClose) {

    /** Temporary data under {@code parent} and free ports: for tests. */
    public static Settings temporary(Path parent) {
      try {
        Files.createDirectories(parent);
        return new Settings(Files.createTempDirectory(parent, "kafka-"), freePort(), freePort(), true);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Persistent data in {@code dataDir}, client port {@code port} (0 = any free port). */
    public static Settings persistent(Path dataDir, int port) {
      return new Settings(dataDir, port == 0 ? freePort() : port, freePort(), false);
    }
  }

  private final Settings settings;
  private KafkaRaftServer server;

  private EmbeddedKafkaBroker(Settings settings) {
    this.settings = settings;
  }

  /** Formats the storage if new, starts the broker and waits until it answers clients. */
  public static EmbeddedKafkaBroker start(Settings settings) {
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(settings);
    broker.startServer();
    return broker;
  }

  public String bootstrapServers() {
    return "localhost:" + settings.port();
  }

  public Settings settings() {
    return settings;
  }

  public Admin admin() {
    return Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
  }

  /** Creates the topics that do not exist yet; existing ones are left as they are. */
  public void createTopics(Collection<TopicSpec<?>> topics) {
    try (Admin admin = admin()) {
      TopicProvisioner.ensure(admin, topics, Duration.ofSeconds(30));
    }
  }

  private void startServer() {
    try {
      Files.createDirectories(settings.dataDir());
      Properties props = brokerProperties();
      Path config = settings.dataDir().resolve("server.properties");
      try (OutputStream out = Files.newOutputStream(config)) {
        props.store(out, "written by Orkestra's embedded broker; regenerated on every start");
      }
      format(config);
      server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      server.startup();
      awaitReady();
      log.info("Kafka broker ready at {} (data in {})", bootstrapServers(), settings.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare broker data in " + settings.dataDir(), e);
    }
  }

  private Properties brokerProperties() {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@localhost:" + settings.controllerPort());
    // Loopback only: the embedded broker is for this machine; a cluster is the way to share one.
    p.put("listeners", "PLAINTEXT://localhost:" + settings.port() + ",CONTROLLER://localhost:" + settings.controllerPort());
    p.put("advertised.listeners", "PLAINTEXT://localhost:" + settings.port());
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", settings.dataDir().resolve("logs").toString());
    // One node: every internal topic must accept a replication factor and min ISR of 1. Without the
    // share-coordinator pair, share consumers silently receive nothing.
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    // 50 partitions each (the defaults) cost seconds at first use on 2 cores and buy nothing on one node.
    p.put("offsets.topic.num.partitions", "6");
    p.put("transaction.state.log.num.partitions", "6");
    p.put("share.coordinator.state.topic.num.partitions", "6");
    p.put("group.initial.rebalance.delay.ms", "0");
    // The record lock ceiling stays Kafka's default (group.share.max.record.lock.duration.ms, 60 s),
    // as on a real cluster: role services renew locks while long work runs, and tests prove it here.
    // The floor is lowered from 15 s so tests can show a renewal in seconds rather than a minute.
    p.put("group.share.min.record.lock.duration.ms", "1000");
    // The 128 MB default dedupe buffer OOMs a small heap, and the broker's fatal handler halts the JVM.
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
    // Topics come from the registry; a typo must fail loudly, not create a stray topic.
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    return p;
  }

  private void format(Path config) {
    if (Files.exists(settings.dataDir().resolve("logs").resolve("meta.properties"))) {
      return; // formatted by an earlier start: its cluster id must be kept
    }
    String clusterId = Uuid.randomUuid().toString();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int rc;
    try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      rc = StorageTool.execute(new String[] {
          "format", "-t", clusterId, "-c", config.toString(), "--ignore-formatted",
          "--feature", "share.version=1"}, out);
    } catch (Exception e) {
      throw new IllegalStateException("cannot format Kafka storage in " + settings.dataDir() + ": " + e.getMessage(), e);
    }
    if (rc != 0) {
      throw new IllegalStateException("formatting Kafka storage failed (" + rc + "): " + captured.toString(StandardCharsets.UTF_8));
    }
  }

  private void awaitReady() {
    try (Admin admin = admin()) {
      admin.describeCluster().nodes().get();
    } catch (Exception e) {
      throw new IllegalStateException("broker at " + bootstrapServers() + " did not become ready: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
    if (settings.deleteDataOnClose()) {
      deleteRecursively(settings.dataDir());
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      log.warn("could not delete {}: {}", dir, e.getMessage());
    }
  }
}
