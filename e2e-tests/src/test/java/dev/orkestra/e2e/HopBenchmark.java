package dev.orkestra.e2e;

import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The floor under every hop of the pipeline: one record's latency from send to receipt on the
 * embedded broker, for each kind of hop the query pipeline uses, one record at a time. Explains
 * the query benchmark's figures (docs/performance.md); asserts nothing.
 *
 * <p>Run with {@code bin/bench hops [records]}.
 */
public final class HopBenchmark {

  private final EmbeddedKafkaBroker broker;
  private final int records;

  private HopBenchmark(EmbeddedKafkaBroker broker, int records) {
    this.broker = broker;
    this.records = records;
  }

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    Path tmp = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "hops-");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.temporary(tmp))) {
      HopBenchmark bench = new HopBenchmark(broker, records);
      List<String> rows = new ArrayList<>();
      rows.add(bench.plain("plain producer -> read_committed consumer", 10));
      rows.add(bench.transactional("txn producer (commit per record) -> read_committed consumer", 10));
      rows.add(bench.transactional("same, consumer fetch.max.wait 100 ms", 100));
      rows.add(bench.share("plain producer -> share consumer", 10, false));
      rows.add(bench.share("txn producer -> share consumer (read_committed)", 10, true));
      rows.add(bench.share("same, share fetch.max.wait 1 ms", 1, true));
      rows.add(bench.streams("Kafka Streams EOS pass-through, commit 2 ms", 2, tmp));
      rows.add(bench.streams("Kafka Streams EOS pass-through, commit 0 ms", 0, tmp));
      System.out.printf("%n%-62s %9s %9s%n", "hop", "p50 ms", "p99 ms");
      rows.forEach(System.out::println);
    }
  }

  private String plain(String name, int fetchWait) throws Exception {
    String topic = topic();
    try (Receiver receiver = Receiver.consumer(broker, topic, fetchWait)) {
      return send(name, topic, false, receiver);
    }
  }

  private String transactional(String name, int fetchWait) throws Exception {
    String topic = topic();
    try (Receiver receiver = Receiver.consumer(broker, topic, fetchWait)) {
      return send(name, topic, true, receiver);
    }
  }

  private String share(String name, int fetchWait, boolean transactional) throws Exception {
    String topic = topic();
    shareGroupFromEarliest(topic);
    try (Receiver receiver = Receiver.share(broker, topic, fetchWait)) {
      return send(name, topic, transactional, receiver);
    }
  }

  /** Sends one record at a time to {@code topic} (each in its own transaction, if asked) and times its receipt. */
  private String send(String name, String topic, boolean transactional, Receiver receiver) throws Exception {
    Map<String, Object> txn = transactional ? Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic) : Map.of();
    try (KafkaProducer<String, Long> producer = producer(txn)) {
      if (!transactional) {
        return measure(name, t -> producer.send(new ProducerRecord<>(topic, "k", t)), receiver);
      }
      producer.initTransactions();
      return measure(name, t -> {
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(topic, "k", t));
        producer.commitTransaction();
      }, receiver);
    }
  }

  private String streams(String name, int commitMs, Path tmp) throws Exception {
    String in = topic();
    String out = topic();
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(in, Consumed.with(Serdes.String(), Serdes.Long()))
        .to(out, Produced.with(Serdes.String(), Serdes.Long()));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "hops-" + in);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Integer.toString(commitMs));
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
    props.put(StreamsConfig.STATE_DIR_CONFIG, tmp.resolve("streams-" + in).toString());
    props.put(StreamsConfig.POLL_MS_CONFIG, "5");
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), "10");
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "0");
    try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
        Receiver receiver = Receiver.consumer(broker, out, 10)) {
      streams.start();
      long deadline = System.currentTimeMillis() + 60_000;
      while (streams.state() != KafkaStreams.State.RUNNING && System.currentTimeMillis() < deadline) {
        Thread.sleep(10); // a benchmark's start-up, not a test: nothing to await but the state
      }
      return send(name, in, false, receiver);
    }
  }

  private String measure(String name, Consumer<Long> send, Receiver receiver) throws Exception {
    Histogram histogram = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
    for (int i = 0; i < records + 50; i++) {
      long t0 = System.nanoTime();
      send.accept(t0);
      Long got = receiver.received.poll(30, TimeUnit.SECONDS);
      if (got == null || got != t0) {
        throw new IllegalStateException(name + ": record " + i + " did not arrive");
      }
      if (i >= 50) { // the first records pay for connections, metadata and group joins
        histogram.recordValue(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0));
      }
    }
    return String.format(Locale.ROOT, "%-62s %9.2f %9.2f", name, histogram.getValueAtPercentile(50) / 1000.0,
        histogram.getValueAtPercentile(99) / 1000.0);
  }

  private KafkaProducer<String, Long> producer(Map<String, Object> extra) {
    Map<String, Object> props = new HashMap<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.LINGER_MS_CONFIG, 0));
    props.putAll(extra);
    return new KafkaProducer<>(props, new StringSerializer(), new LongSerializer());
  }

  private String topic() throws Exception {
    String topic = "hop-" + UUID.randomUUID();
    try (var admin = broker.admin()) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    return topic;
  }

  /** Share group {@code group} reads from the earliest offset, committed records only (as the role services' do). */
  private void shareGroupFromEarliest(String group) throws Exception {
    try (var admin = broker.admin()) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
      admin.incrementalAlterConfigs(Map.of(resource, List.of(
          new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET),
          new AlterConfigOp(new ConfigEntry("share.isolation.level", "read_committed"), AlterConfigOp.OpType.SET))))
          .all().get();
    }
  }

  /** Polls on its own thread and hands every received value to {@link #received}. */
  private static final class Receiver implements AutoCloseable {
    final BlockingQueue<Long> received = new ArrayBlockingQueue<>(1024);
    private volatile boolean running = true;
    private final Thread thread;

    private Receiver(java.util.function.Consumer<Receiver> loop) {
      thread = Thread.ofPlatform().unstarted(() -> loop.accept(this));
      thread.start();
    }

    static Receiver consumer(EmbeddedKafkaBroker broker, String topic, int fetchWait) {
      return new Receiver(self -> {
        try (KafkaConsumer<String, Long> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "hops-" + topic,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchWait), new StringDeserializer(), new LongDeserializer())) {
          consumer.subscribe(List.of(topic));
          while (self.running) {
            consumer.poll(Duration.ofMillis(100)).forEach(record -> self.received.add(record.value()));
          }
        }
      });
    }

    static Receiver share(EmbeddedKafkaBroker broker, String topic, int fetchWait) {
      return new Receiver(self -> {
        try (KafkaShareConsumer<String, Long> consumer = new KafkaShareConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, topic,
            ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit",
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchWait), new StringDeserializer(), new LongDeserializer())) {
          consumer.subscribe(List.of(topic));
          while (self.running) {
            for (var record : consumer.poll(Duration.ofMillis(100))) {
              self.received.add(record.value());
              consumer.acknowledge(record);
            }
            consumer.commitAsync();
          }
        }
      });
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join(10_000);
    }
  }
}
