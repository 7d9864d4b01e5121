package dev.orkestra.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orkestra.coordinator.query.Events;
import dev.orkestra.coordinator.query.QueryCoordinator;
import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryResponse;
import dev.orkestra.events.query.ResponseStatus;
import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.kafka.embedded.EmbeddedKafkaExtension;
import dev.orkestra.runtime.SamePartition;
import dev.orkestra.runtime.TestKafka;
import dev.orkestra.topics.TopicSpec;
import dev.orkestra.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
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
    String prefix = prefix();
    CoordinatorConfig config = config(prefix);
    Duration stage = STAGE;
    String queryId = prefix + "-q1";
    String markerId = SamePartition.keyLike(queryId, prefix + "-marker", Topics.QUERIES.partitions());
    QueryRequested query = Events.getFile(queryId, "README.md");
    Path stateDir = dataDir.resolve("coordinator/streams");

    try (FakeRoles roles = new FakeRoles(broker, prefix);
        CoordinatorService coordinator = CoordinatorService.start(broker.bootstrapServers(), stateDir, config);
        KeyedReader<QueryResponse> responses = new KeyedReader<>(broker, Topics.RESPONSES, queryId, markerId);
        KeyedReader<DeadLetter> deadLetters = new KeyedReader<>(broker, Topics.DEAD_LETTERS, prefix + "-garbage")) {
      // start() returned, so Streams reached RUNNING once; it may rebalance again right after (a
      // follow-up probing rebalance), which is why the state is not asserted here.
      String garbageKey = prefix + "-garbage";
      publish(garbageKey, "not an event".getBytes(StandardCharsets.UTF_8));
      byte[] published = Topics.QUERIES.valueSerde().encode(query);
      publish(queryId, published);

      await().atMost(Duration.ofSeconds(60)).until(() -> !responses.poll(queryId).isEmpty());
      // The same record published again, then a marker query on the same partition: the coordinator
      // reads them in that order, so once the marker is answered any second answer to the first query
      // would have been written already. Then a quiet period longer than a stage deadline, which is
      // when a deadline firing for a query that already answered would add one.
      publish(queryId, published);
      publish(markerId, Topics.QUERIES.valueSerde().encode(Events.getFile(markerId, "NOTES.md")));
      await().atMost(Duration.ofSeconds(60)).until(() -> !responses.poll(markerId).isEmpty());
      await().during(stage.plusSeconds(1)).atMost(stage.plusSeconds(3))
          .until(() -> responses.poll(queryId).size() == 1);

      QueryResponse response = responses.poll(queryId).getFirst();
      assertThat(response.getStatus()).isEqualTo(ResponseStatus.SUCCESS);
      assertThat(response.getAudited()).isTrue();
      assertThat(response.getData().getFile().getPath()).isEqualTo("README.md");
      assertThat(response.getData().getFile().getContent()).contains("README.md");
      assertThat(response.getSources()).singleElement()
          .satisfies(source -> assertThat(source.getCommit()).isEqualTo(Events.COMMIT));
      assertThat(response.getEnvelope().getCorrelationId()).isEqualTo(queryId);
      assertThat(response.getEnvelope().getProducer()).isEqualTo(config.producer());
      assertThat(responses.poll(markerId)).hasSize(1);

      // The undecodable record did not stop the query, and its dead letter committed with the transaction.
      await().atMost(Duration.ofSeconds(30)).until(() -> !deadLetters.poll(garbageKey).isEmpty());
      DeadLetter letter = deadLetters.poll(garbageKey).getFirst();
      assertThat(letter.getSourceTopic()).isEqualTo(Topics.QUERIES.name());
      assertThat(letter.getPayload().array()).isEqualTo("not an event".getBytes(StandardCharsets.UTF_8));
      assertThat(letter.getProducer()).isEqualTo(config.producer());
    }
    // What an upgraded instance reuses: task directories named <sub-topology>_<partition>, with the
    // candidates' store under 0_n and the queries' under 1_n (QueryCoordinatorTest pins the numbering),
    // and no other logged store: under exactly-once a logged store new to an existing task directory
    // makes Streams treat the task as corrupted and wipe it on the first start after an upgrade.
    Path tasks = stateDir.resolve(config.applicationId());
    for (int partition = 0; partition < Topics.QUERIES.partitions(); partition++) {
      assertThat(storesIn(tasks.resolve("0_" + partition))).containsExactly(QueryCoordinator.CANDIDATES_STORE);
      assertThat(storesIn(tasks.resolve("1_" + partition))).containsExactly(QueryCoordinator.QUERY_PROGRESS_STORE);
    }
  }

  @Test
  void aQueryInFlightWhenTheCoordinatorRestartsStillMeetsItsDeadline() throws Exception {
    String prefix = prefix();
    CoordinatorConfig config = config(prefix);
    // No fake roles: the retrieval request is never answered.
    String queryId = prefix + "-unanswered";
    Path stateDir = dataDir.resolve("restarted/streams");

    try (KeyedReader<QueryResponse> responses = new KeyedReader<>(broker, Topics.RESPONSES, queryId)) {
      try (CoordinatorService coordinator = CoordinatorService.start(broker.bootstrapServers(), stateDir, config)) {
        publish(queryId, Topics.QUERIES.valueSerde().encode(Events.getFile(queryId, "README.md")));
        await().atMost(Duration.ofSeconds(30)).until(() ->
            TestKafka.readAll(broker, Topics.RETRIEVER_REQUESTS.name()).stream().anyMatch(r -> queryId.equals(r.key())));
      }
      // The deadline index is in memory: the restarted task rebuilds it from query-progress.
      try (CoordinatorService restarted = CoordinatorService.start(broker.bootstrapServers(), stateDir, config)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> !responses.poll(queryId).isEmpty());
        assertThat(responses.poll(queryId)).singleElement().satisfies(response -> assertThat(response.getMessage())
            .isEqualTo("ERROR: retrieval stage did not answer within 5s"));
      }
    }
  }

  /**
   * Short stages: a response a deadline would add for a query that already answered comes within a
   * quiet period of a few seconds.
   */
  private static final Duration STAGE = Duration.ofSeconds(5);

  private static String prefix() {
    return "it-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static CoordinatorConfig config(String prefix) {
    return CoordinatorConfig.defaults()
        .withApplicationId("orkestra-coordinator-" + prefix)
        .withInstanceId(prefix)
        .withReplicationFactor(1)
        .withTimeouts(new StageTimeouts(STAGE, STAGE, STAGE, STAGE, STAGE));
  }

  private static List<String> storesIn(Path taskDirectory) throws IOException {
    try (Stream<Path> stores = Files.list(taskDirectory.resolve("rocksdb"))) {
      return stores.map(path -> path.getFileName().toString()).sorted().toList();
    }
  }

  private void publish(String key, byte[] value) {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
        new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.QUERIES.name(), key, value));
    }
  }

  /** Every committed record of some keys, read from the start of a topic other tests share. */
  private static final class KeyedReader<V extends SpecificRecord> implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicSpec<V> topic;
    private final Set<String> keys;
    private final Map<String, List<V>> seen = new HashMap<>();

    KeyedReader(EmbeddedKafkaBroker broker, TopicSpec<V> topic, String... keys) {
      this.topic = topic;
      this.keys = Set.of(keys);
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

    /** Everything of {@code key} read so far, after one more poll. */
    List<V> poll(String key) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (keys.contains(record.key())) {
          seen.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(topic.valueSerde().decode(record.value()));
        }
      }
      return List.copyOf(seen.getOrDefault(key, List.of()));
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
