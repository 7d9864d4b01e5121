package dev.orkestra.extractor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Candidate;
import dev.orkestra.events.query.ExtractionCompleted;
import dev.orkestra.events.query.ExtractionRequested;
import dev.orkestra.events.query.ReadStatus;
import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.kafka.embedded.EmbeddedKafkaExtension;
import dev.orkestra.runtime.Backoff;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.runtime.RoleServiceConfig;
import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.source.SourcePolicy;
import dev.orkestra.runtime.TestKafka;
import dev.orkestra.runtime.source.GitRepoBuilder;
import dev.orkestra.serde.AvroSerde;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The extractor as deployed — provider, own reader, role service — on the real embedded broker. */
@ExtendWith(EmbeddedKafkaExtension.class)
class ExtractorServiceIntegrationTest {

  private static final AvroSerde<ExtractionRequested> REQUESTS = AvroSerde.of(ExtractionRequested.class);
  private static final AvroSerde<ExtractionCompleted> RESULTS = AvroSerde.of(ExtractionCompleted.class);

  private final EmbeddedKafkaBroker broker;

  @TempDir
  Path tmp;

  ExtractorServiceIntegrationTest(EmbeddedKafkaBroker broker) {
    this.broker = broker;
  }

  @Test
  void extractsCandidatesFromRequestsToResults() throws Exception {
    String commit;
    try (GitRepoBuilder repo = GitRepoBuilder.init(tmp.resolve("work"))) {
      commit = repo.file("src/auth.py", "import os\n\ndef login(user):\n    return user\n").commit("first");
    }
    RepoRef repoRef = new RepoRef(RepoKind.LOCAL, tmp.resolve("work").toString(), "main", commit);
    TestKafka.RoleTopics<ExtractionRequested, ExtractionCompleted> topics =
        TestKafka.createRoleTopics(broker, "extractor", ExtractionRequested.class, ExtractionCompleted.class);
    ServiceContext context = new ServiceContext(broker.bootstrapServers(), tmp.resolve("data"), tmp.resolve("models.yaml"),
        Map.of(ExtractorServiceProvider.CONCURRENCY, "4", SourcePolicy.LOCAL_ROOTS, tmp.toString()), name -> null);
    RoleServiceConfig<ExtractionRequested, ExtractionCompleted> config = RoleServiceConfig
        .builder(ExtractorServiceProvider.ROLE, broker.bootstrapServers(), topics.requests(), topics.results())
        .sharedTopics(topics.failures(), topics.deadLetters(), topics.actionLog())
        .groupId("group-" + topics.requests().name())
        .concurrency(context.intSetting(ExtractorServiceProvider.CONCURRENCY, 16))
        .retries(3, new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2.0))
        .build();

    try (AutoCloseable service = new ExtractorServiceProvider().start(context, config)) {
      publish(topics, repoRef, "q1-c1", "src/auth.py", 3, 4);
      publish(topics, repoRef, "q1-c2", "nonexistent/file.js", null, null);

      Map<String, ExtractionCompleted> results = TestKafka.awaitRecords(broker, topics.results().name(), 2).stream()
          .collect(Collectors.toMap(ConsumerRecord::key, r -> RESULTS.decode(r.value())));

      assertThat(results.get("q1-c1").getStatus()).isEqualTo(ReadStatus.OK);
      assertThat(results.get("q1-c1").getExcerpt().getText()).isEqualTo("def login(user):\n    return user");
      assertThat(results.get("q1-c1").getExcerpt().getLineCount()).isEqualTo(4);
      assertThat(results.get("q1-c1").getEnvelope().getProducer()).startsWith("extractor@");
      assertThat(results.get("q1-c2").getStatus()).isEqualTo(ReadStatus.NOT_FOUND);
      assertThat(results.get("q1-c2").getFailureReason()).isEqualTo("file not found at path 'nonexistent/file.js'");
      assertThat(TestKafka.readAll(broker, topics.failures().name())).isEmpty();
    }
  }

  private void publish(TestKafka.RoleTopics<ExtractionRequested, ExtractionCompleted> topics, RepoRef repoRef,
      String candidateId, String path, Integer start, Integer end) {
    ExtractionRequested request = ExtractionRequested.newBuilder()
        .setEnvelope(Envelopes.start("q1", "test"))
        .setRepo(repoRef)
        .setCandidate(Candidate.newBuilder().setCandidateId(candidateId).setPath(path).setStartLine(start)
            .setEndLine(end).build())
        .build();
    TestKafka.produce(broker, topics.requests().name(), candidateId, REQUESTS.encode(request));
  }
}
