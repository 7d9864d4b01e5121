package dev.orkestra.retriever;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.ReadStatus;
import dev.orkestra.events.query.RetrievalCompleted;
import dev.orkestra.events.query.RetrievalRequested;
import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.kafka.embedded.EmbeddedKafkaExtension;
import dev.orkestra.retriever.fixtures.DemoRepo;
import dev.orkestra.retriever.index.IndexProgressListener;
import dev.orkestra.retriever.index.IndexReport;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.runtime.RoleServiceConfig;
import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.source.SourcePolicy;
import dev.orkestra.runtime.TestKafka;
import dev.orkestra.runtime.source.GitRepoBuilder;
import dev.orkestra.serde.AvroSerde;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The retriever as deployed (its provider, its own reader and indexes) against the real embedded broker. */
@ExtendWith(EmbeddedKafkaExtension.class)
class RetrieverServiceTest {

  private static final AvroSerde<RetrievalRequested> REQUESTS = AvroSerde.of(RetrievalRequested.class);
  private static final AvroSerde<RetrievalCompleted> RESULTS = AvroSerde.of(RetrievalCompleted.class);

  private final EmbeddedKafkaBroker broker;

  @TempDir
  Path temp;

  RetrieverServiceTest(EmbeddedKafkaBroker broker) {
    this.broker = broker;
  }

  @Test
  void answersFindAndGetLinesRequestsFromTheRequestTopic() throws Exception {
    var topics = TestKafka.createRoleTopics(broker, "retriever", RetrievalRequested.class, RetrievalCompleted.class);
    String head;
    try (GitRepoBuilder repo = DemoRepo.build(temp.resolve("repo"))) {
      head = repo.commit("first");
    }
    RepoRef repo = RepoRef.newBuilder().setKind(RepoKind.LOCAL).setRepo(temp.resolve("repo").toString()).build();
    ServiceContext context = new ServiceContext(broker.bootstrapServers(), temp.resolve("data"),
        temp.resolve("models.yaml"), Map.of(SourcePolicy.LOCAL_ROOTS, temp.toString()), name -> null);
    RoleServiceConfig<RetrievalRequested, RetrievalCompleted> config = RoleServiceConfig
        .builder(RetrieverProvider.ROLE, broker.bootstrapServers(), topics.requests(), topics.results())
        .sharedTopics(topics.failures(), topics.deadLetters(), topics.actionLog())
        .groupId("group-" + topics.requests().name())
        .concurrency(2)
        .build();
    List<IndexReport> indexed = new CopyOnWriteArrayList<>();
    IndexProgressListener progress = new IndexProgressListener() {
      @Override
      public void finished(IndexReport report) {
        indexed.add(report);
      }
    };
    try (AutoCloseable service = new RetrieverProvider().start(context, config, progress)) {
      publish(topics.requests().name(), RetrievalRequested.newBuilder()
          .setEnvelope(Envelopes.start("q-find", "test")).setAction(QueryAction.FIND).setRepo(repo)
          .setQuestion("Where is authentication implemented?").build());
      publish(topics.requests().name(), RetrievalRequested.newBuilder()
          .setEnvelope(Envelopes.start("q-lines", "test")).setAction(QueryAction.GET_LINES).setRepo(repo)
          .setPath("backend/server.py").setStartLine(45).setEndLine(60).build());

      List<ConsumerRecord<String, byte[]>> records = TestKafka.awaitRecords(broker, topics.results().name(), 2);

      Map<String, RetrievalCompleted> byKey = new java.util.HashMap<>();
      records.forEach(r -> byKey.put(r.key(), RESULTS.decode(r.value())));
      RetrievalCompleted found = byKey.get("q-find");
      assertThat(found.getStatus()).isEqualTo(ReadStatus.OK);
      assertThat(found.getRepo().getCommitSha()).isEqualTo(head);
      assertThat(found.getCandidates()).isNotEmpty();
      assertThat(found.getCandidates().getFirst().getPath()).isEqualTo("backend/auth.py");
      assertThat(found.getCandidates().getFirst().getCandidateId()).isEqualTo("q-find-c1");
      assertThat(found.getEnvelope().getProducer()).startsWith("retriever@");
      RetrievalCompleted lines = byKey.get("q-lines");
      assertThat(lines.getCandidates()).singleElement().satisfies(c -> {
        assertThat(c.getCandidateId()).isEqualTo("q-lines-c1");
        assertThat(c.getStartLine()).isEqualTo(45);
        assertThat(c.getEndLine()).isEqualTo(60);
      });
      assertThat(TestKafka.readAll(broker, topics.failures().name())).isEmpty();
    }
    assertThat(indexed).singleElement().satisfies(r -> assertThat(r.commitSha()).isEqualTo(head));
    assertThat(temp.resolve("data/retriever/index")).isDirectory();
  }

  private void publish(String topic, RetrievalRequested request) {
    TestKafka.produce(broker, topic, request.getEnvelope().getCorrelationId(), REQUESTS.encode(request));
  }
}
