package dev.orkestra.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orkestra.topics.TopicSpec;
import dev.orkestra.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker does what the platform relies on: registry topics, transactions, share groups, Streams. */
@ExtendWith(EmbeddedKafkaExtension.class)
class EmbeddedKafkaBrokerTest {

  @Test
  void createsEveryRegistryTopicIdempotently(EmbeddedKafkaBroker broker) throws Exception {
    broker.createTopics(Topics.ALL); // second time: must not fail
    try (Admin admin = broker.admin()) {
      Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      assertThat(names).containsAll(Topics.ALL.stream().map(TopicSpec::name).toList());
      var actionLog = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, Topics.ACTION_LOG.name())))
          .all().get(30, TimeUnit.SECONDS).values().iterator().next();
      assertThat(actionLog.get("cleanup.policy").value()).isEqualTo("compact,delete");
      assertThat(actionLog.get("retention.ms").value()).isEqualTo(Long.toString(24L * 3600 * 1000));
    }
  }

  @Test
  void readCommittedConsumersSeeOnlyCommittedTransactions(EmbeddedKafkaBroker broker) throws Exception {
    String topic = newTopic(broker, "tx");
    try (KafkaProducer<String, String> producer = producer(broker, Map.of(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID()))) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "aborted"));
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "committed"));
      producer.commitTransaction();
    }
    assertThat(readValues(broker, topic, 1)).containsExactly("committed");
  }

  @Test
  void shareGroupsDeliverAndAcceptRecords(EmbeddedKafkaBroker broker) throws Exception {
    String topic = newTopic(broker, "share");
    String group = "share-" + UUID.randomUUID();
    try (Admin admin = broker.admin()) {
      admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), List.of(
          new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET))))
          .all().get(30, TimeUnit.SECONDS);
    }
    try (KafkaProducer<String, String> producer = producer(broker, Map.of())) {
      producer.send(new ProducerRecord<>(topic, "k", "work")).get();
    }
    try (KafkaShareConsumer<String, String> consumer = new KafkaShareConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, group,
        ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit"),
        new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      List<ConsumerRecord<String, String>> received = new ArrayList<>();
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          received.add(record);
          consumer.acknowledge(record, AcknowledgeType.ACCEPT);
        }
        return !received.isEmpty();
      });
      consumer.commitSync();
      assertThat(received).extracting(ConsumerRecord::value).containsExactly("work");
      assertThat(received.getFirst().deliveryCount()).contains((short) 1);
    }
  }

  @Test
  void runsKafkaStreamsWithExactlyOnce(EmbeddedKafkaBroker broker, @TempDir Path stateDir) throws Exception {
    String input = newTopic(broker, "streams-in");
    String output = newTopic(broker, "streams-out");
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()))
        .mapValues(value -> value.toUpperCase())
        .to(output, Produced.with(Serdes.String(), Serdes.String()));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "streams-" + UUID.randomUUID());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
        KafkaProducer<String, String> producer = producer(broker, Map.of())) {
      streams.start();
      producer.send(new ProducerRecord<>(input, "k", "hello")).get();
      assertThat(readValues(broker, output, 1)).containsExactly("HELLO");
    }
  }

  @Test
  void persistentDataSurvivesARestart(@TempDir Path dir) throws Exception {
    Path data = Files.createDirectories(dir.resolve("kafka"));
    EmbeddedKafkaBroker.Settings settings = EmbeddedKafkaBroker.Settings.persistent(data, 0);
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings)) {
      broker.createTopics(List.of(Topics.QUERIES));
      try (KafkaProducer<String, String> producer = producer(broker, Map.of())) {
        producer.send(new ProducerRecord<>(Topics.QUERIES.name(), "q", "kept")).get();
      }
    }
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings)) {
      assertThat(readValues(broker, Topics.QUERIES.name(), 1)).containsExactly("kept");
    }
  }

  private static String newTopic(EmbeddedKafkaBroker broker, String prefix) throws Exception {
    String name = "test." + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    try (Admin admin = broker.admin()) {
      admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
    return name;
  }

  private static KafkaProducer<String, String> producer(EmbeddedKafkaBroker broker, Map<String, Object> extra) {
    Map<String, Object> config = new java.util.HashMap<>(extra);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  private static List<String> readValues(EmbeddedKafkaBroker broker, String topic, int expected) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      List<String> values = new ArrayList<>();
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
        return values.size() >= expected;
      });
      return values;
    }
  }
}
