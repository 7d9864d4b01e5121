package dev.orkestra.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.kafka.embedded.EmbeddedKafkaExtension;
import dev.orkestra.runtime.ServiceHealth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the coordinator's host learns when its Streams client fails for real, on the embedded
 * broker: topologies that die on a poison record stand in for a bug that escapes every handler.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class CoordinatorHealthTest {

  private final EmbeddedKafkaBroker broker;

  @TempDir
  Path dataDir;

  CoordinatorHealthTest(EmbeddedKafkaBroker broker) {
    this.broker = broker;
  }

  @Test
  void aStreamThreadThatKeepsDyingIsReplacedWhileThePolicyAllowsThenTheClientStopsAndTheHostIsTold()
      throws Exception {
    String prefix = prefix();
    String input = prefix + "-in";
    createTopics(input);
    AtomicInteger deaths = new AtomicInteger();
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()).withName("from-" + input))
        .process(() -> new DiesOn("poison", deaths), Named.as("dies-on-poison"));
    List<Throwable> failures = new CopyOnWriteArrayList<>();

    // One replacement, not the default three: a dead thread's member stays in the group until its
    // session times out (45 s), so each replacement takes that long to get the partitions back.
    try (CoordinatorService coordinator = start(prefix, builder.build(), new ThreadReplacementPolicy(1,
        ThreadReplacementPolicy.DEFAULT_WINDOW))) {
      coordinator.onFailure(failures::add);
      assertThat(coordinator.health().status()).isEqualTo(ServiceHealth.Status.UP);

      publish(input, "poison");

      await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> deaths.get() == 1);
      await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(5))
          .until(() -> coordinator.health().status() == ServiceHealth.Status.DEGRADED);
      assertThat(coordinator.health().detail()).contains("1 stream thread replaced in the last PT10M, last after "
          + "AssertionError: died on poison");
      await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(120)).until(() -> !failures.isEmpty());
      // The replacement read the same record again (its offset was never committed) and died on it.
      assertThat(deaths.get()).isEqualTo(2);
      assertThat(failures).singleElement().satisfies(error -> assertThat(rootCause(error))
          .isInstanceOf(AssertionError.class).hasMessage("died on poison"));
      assertThat(coordinator.state()).isEqualTo(KafkaStreams.State.ERROR);
      ServiceHealth health = coordinator.health();
      assertThat(health.status()).isEqualTo(ServiceHealth.Status.DOWN);
      assertThat(health.detail()).isEqualTo("Streams ERROR after AssertionError: died on poison");
    }
    assertThat(failures).as("closing afterwards is no second failure").hasSize(1);
  }

  @Test
  void aGlobalThreadThatDiesStopsTheClientAndTheHostIsTold() throws Exception {
    String prefix = prefix();
    String input = prefix + "-in";
    String global = prefix + "-global";
    createTopics(input, global);
    AtomicInteger deaths = new AtomicInteger();
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()).withName("from-" + input))
        .process(() -> new DiesOn("never", new AtomicInteger()), Named.as("passes"));
    builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(prefix + "-store"),
            Serdes.String(), Serdes.String()).withLoggingDisabled(), global,
        Consumed.with(Serdes.String(), Serdes.String()).withName("from-" + global),
        () -> new DiesOn("poison", deaths, false));
    List<Throwable> failures = new CopyOnWriteArrayList<>();

    try (CoordinatorService coordinator = start(prefix, builder.build())) {
      coordinator.onFailure(failures::add);
      publish(global, "poison");

      await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(60)).until(() -> !failures.isEmpty());
      assertThat(deaths.get()).as("the global thread is never replaced").isEqualTo(1);
      assertThat(rootCause(failures.getFirst())).hasMessage("failed on poison");
      assertThat(coordinator.health()).isEqualTo(new ServiceHealth("coordinator", ServiceHealth.Status.DOWN,
          "Streams ERROR after IllegalStateException: failed on poison"));
    }
  }

  @Test
  void aClosedCoordinatorIsDownAndNoFailure() throws Exception {
    String prefix = prefix();
    String input = prefix + "-in";
    createTopics(input);
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()).withName("from-" + input))
        .process(() -> new DiesOn("never", new AtomicInteger()), Named.as("passes"));
    List<Throwable> failures = new CopyOnWriteArrayList<>();

    CoordinatorService coordinator = start(prefix, builder.build());
    coordinator.onFailure(failures::add);
    coordinator.close();

    assertThat(coordinator.health()).isEqualTo(new ServiceHealth("coordinator", ServiceHealth.Status.DOWN, "stopped"));
    assertThat(coordinator.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
    assertThat(failures).isEmpty();
  }

  private CoordinatorService start(String prefix, Topology topology) {
    return start(prefix, topology,
        new ThreadReplacementPolicy(ThreadReplacementPolicy.DEFAULT_MAX, ThreadReplacementPolicy.DEFAULT_WINDOW));
  }

  private CoordinatorService start(String prefix, Topology topology, ThreadReplacementPolicy replacements) {
    CoordinatorConfig config = CoordinatorConfig.defaults().withApplicationId("health-" + prefix)
        .withInstanceId(prefix).withReplicationFactor(1);
    return CoordinatorService.start(broker.bootstrapServers(), dataDir.resolve("streams"), config, topology,
        replacements, Duration.ofMinutes(1));
  }

  /**
   * Passes every record, and fails on {@code poison}: with an Error, which no exception handler takes
   * (a stream thread dies of it), or with a RuntimeException (a bug in a global store's updater).
   */
  private static final class DiesOn implements Processor<String, String, Void, Void> {

    private final String poison;
    private final AtomicInteger deaths;
    private final boolean asError;

    DiesOn(String poison, AtomicInteger deaths) {
      this(poison, deaths, true);
    }

    DiesOn(String poison, AtomicInteger deaths, boolean asError) {
      this.poison = poison;
      this.deaths = deaths;
      this.asError = asError;
    }

    @Override
    public void process(Record<String, String> record) {
      if (poison.equals(record.value())) {
        deaths.incrementAndGet();
        if (asError) {
          throw new AssertionError("died on " + poison);
        }
        throw new IllegalStateException("failed on " + poison);
      }
    }
  }

  private static Throwable rootCause(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root;
  }

  private static String prefix() {
    return "h-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private void createTopics(String... names) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      admin.createTopics(java.util.Arrays.stream(names).map(name -> new NewTopic(name, 1, (short) 1)).toList())
          .all().get();
    }
  }

  private void publish(String topic, String value) {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
        new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "k", value));
    }
  }
}
