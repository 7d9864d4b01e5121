package dev.orkestra.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Excerpt;
import dev.orkestra.events.query.ReadStatus;
import dev.orkestra.events.query.VerificationCompleted;
import dev.orkestra.events.query.VerificationRequested;
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

/** The verifier as deployed — provider, own reader, role service — on the real embedded broker. */
@ExtendWith(EmbeddedKafkaExtension.class)
class VerifierServiceIntegrationTest {

  private static final AvroSerde<VerificationRequested> REQUESTS = AvroSerde.of(VerificationRequested.class);
  private static final AvroSerde<VerificationCompleted> RESULTS = AvroSerde.of(VerificationCompleted.class);
  private static final String AUTH = "import os\n\ndef login(user):\n    return user\n";

  private final EmbeddedKafkaBroker broker;

  @TempDir
  Path tmp;

  VerifierServiceIntegrationTest(EmbeddedKafkaBroker broker) {
    this.broker = broker;
  }

  @Test
  void verifiesClaimsFromRequestsToResults() throws Exception {
    String commit;
    try (GitRepoBuilder repo = GitRepoBuilder.init(tmp.resolve("work"))) {
      commit = repo.file("src/auth.py", AUTH).commit("first");
    }
    RepoRef repoRef = new RepoRef(RepoKind.LOCAL, tmp.resolve("work").toString(), "main", commit);
    TestKafka.RoleTopics<VerificationRequested, VerificationCompleted> topics =
        TestKafka.createRoleTopics(broker, "verifier", VerificationRequested.class, VerificationCompleted.class);
    ServiceContext context = new ServiceContext(broker.bootstrapServers(), tmp.resolve("data"), tmp.resolve("models.yaml"),
        Map.of(VerifierServiceProvider.CONCURRENCY, "4", SourcePolicy.LOCAL_ROOTS, tmp.toString()), name -> null);
    RoleServiceConfig<VerificationRequested, VerificationCompleted> config = RoleServiceConfig
        .builder(VerifierServiceProvider.ROLE, broker.bootstrapServers(), topics.requests(), topics.results())
        .sharedTopics(topics.failures(), topics.deadLetters(), topics.actionLog())
        .groupId("group-" + topics.requests().name())
        .concurrency(context.intSetting(VerifierServiceProvider.CONCURRENCY, 16))
        .retries(3, new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2.0))
        .build();

    try (AutoCloseable service = new VerifierServiceProvider().start(context, config)) {
      Excerpt honest = Excerpt.newBuilder().setPath("src/auth.py").setStartLine(3).setEndLine(4)
          .setText("def login(user):\n    return user").setBlobSha(GitRepoBuilder.blobSha(AUTH)).setLineCount(4).build();
      publish(topics, repoRef, "q1-c1", honest);
      publish(topics, repoRef, "q1-c2", Excerpt.newBuilder(honest).setText("def login(user):\n    return None").build());

      Map<String, VerificationCompleted> results = TestKafka.awaitRecords(broker, topics.results().name(), 2).stream()
          .collect(Collectors.toMap(ConsumerRecord::key, r -> RESULTS.decode(r.value())));

      assertThat(results.get("q1-c1").getMatch()).isTrue();
      assertThat(results.get("q1-c1").getConfirmedLines()).isEqualTo("def login(user):\n    return user");
      assertThat(results.get("q1-c1").getEnvelope().getProducer()).startsWith("verifier@");
      assertThat(results.get("q1-c2").getMatch()).isFalse();
      assertThat(results.get("q1-c2").getReadStatus()).isEqualTo(ReadStatus.OK);
      assertThat(results.get("q1-c2").getReason()).isEqualTo("text differs from the file at line 4");
      assertThat(TestKafka.readAll(broker, topics.failures().name())).isEmpty();
    }
  }

  private void publish(TestKafka.RoleTopics<VerificationRequested, VerificationCompleted> topics, RepoRef repoRef,
      String candidateId, Excerpt claimed) {
    VerificationRequested request = VerificationRequested.newBuilder()
        .setEnvelope(Envelopes.start("q1", "test"))
        .setRepo(repoRef)
        .setCandidateId(candidateId)
        .setClaimed(claimed)
        .setExtractedVia("jgit")
        .build();
    TestKafka.produce(broker, topics.requests().name(), candidateId, REQUESTS.encode(request));
  }
}
