package dev.orkestra.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orkestra.coordinator.query.Events;
import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryResponse;
import dev.orkestra.events.query.ResponseStatus;
import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.kafka.embedded.EmbeddedKafkaExtension;
import dev.orkestra.topics.TopicSpec;
import dev.orkestra.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator on the real embedded broker: exactly-once Streams, RocksDB stores, role services faked. */
@ExtendWith(EmbeddedKafkaExtension.class)
class CoordinatorServiceTest {

  private final EmbeddedKafkaBroker broker;

  @TempDir
  Path dataDir;

  CoordinatorServiceTest(EmbeddedKafkaBroker broker) {
    this.broker = broker;
  }

  @Test
  void answersOneQueryWithOneResponseThroughEveryStageAndDeadLettersGarbage() throws Exception {
    String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8);
    CoordinatorConfig config = CoordinatorConfig.defaults()
        .withApplicationId("orkestra-coordinator-" + prefix)
        .withInstanceId(prefix)
        .withReplicationFactor(1);
    String queryId = prefix + "-q1";
    QueryRequested query = Events.getFile(queryId, "README.md");

    try (FakeRoles roles = new FakeRoles(broker, prefix);
        CoordinatorService coordinator = CoordinatorService.start(broker.bootstrapServers(),
            dataDir.resolve("coordinator/streams"), config);
        KeyedReader<QueryResponse> responses = new KeyedReader<>(broker, Topics.RESPONSES, queryId);
        KeyedReader<DeadLetter> deadLetters = new KeyedReader<>(broker, Topics.DEAD_LETTERS, prefix + "-garbage")) {
      // start() returned, so Streams reached RUNNING once; it may rebalance again right after (a
      // follow-up probing rebalance), which is why the state is not asserted here.
      String garbageKey = prefix + "-garbage";
      publish(garbageKey, "not an event".getBytes(StandardCharsets.UTF_8));
      publish(queryId, Topics.QUERIES.valueSerde().encode(query));

      await().atMost(Duration.ofSeconds(60)).until(() -> !responses.poll().isEmpty());

      List<QueryResponse> answers = responses.poll();
      assertThat(answers).hasSize(1);
      QueryResponse response = answers.getFirst();
      assertThat(response.getStatus()).isEqualTo(ResponseStatus.SUCCESS);
      assertThat(response.getAudited()).isTrue();
      assertThat(response.getData().getFile().getPath()).isEqualTo("README.md");
      assertThat(response.getData().getFile().getContent()).contains("README.md");
      assertThat(response.getSources()).singleElement()
          .satisfies(source -> assertThat(source.getCommit()).isEqualTo(Events.COMMIT));
      assertThat(response.getEnvelope().getCorrelationId()).isEqualTo(queryId);
      assertThat(response.getEnvelope().getProducer()).isEqualTo(config.producer());
      assertThat(dataDir.resolve("coordinator/streams").resolve(config.applicationId())).isDirectory();

      // The undecodable record did not stop the query, and its dead letter committed with the transaction.
      await().atMost(Duration.ofSeconds(30)).until(() -> !deadLetters.poll().isEmpty());
      DeadLetter letter = deadLetters.poll().getFirst();
      assertThat(letter.getSourceTopic()).isEqualTo(Topics.QUERIES.name());
      assertThat(letter.getPayload().array()).isEqualTo("not an event".getBytes(StandardCharsets.UTF_8));
      assertThat(letter.getProducer()).isEqualTo(config.producer());
    }
  }

  private void publish(String key, byte[] value) {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
        new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.QUERIES.name(), key, value));
    }
  }

  /** Every committed record of one key, read from the start of a topic other tests share. */
  private static final class KeyedReader<V extends SpecificRecord> implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicSpec<V> topic;
    private final String key;
    private final List<V> seen = new ArrayList<>();

    KeyedReader(EmbeddedKafkaBroker broker, TopicSpec<V> topic, String key) {
      this.topic = topic;
      this.key = key;
      this.consumer = new KafkaConsumer<>(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
          ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
          new StringDeserializer(), new ByteArrayDeserializer());
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }

    List<V> poll() {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (key.equals(record.key())) {
          seen.add(topic.valueSerde().decode(record.value()));
        }
      }
      return List.copyOf(seen);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
