package dev.orkestra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orkestra.cli.LocalSystem;
import dev.orkestra.events.query.Match;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryResponse;
import dev.orkestra.events.query.ResponseStatus;
import dev.orkestra.events.query.VerificationCompleted;
import dev.orkestra.runtime.SamePartition;
import dev.orkestra.runtime.TestKafka;
import dev.orkestra.serde.AvroSerde;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.topics.TopicSpec;
import dev.orkestra.topics.Topics;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import dev.orkestra.runtime.ServiceProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the pipeline does when parts misbehave: a candidate whose content does not match the
 * repository is left out, all of them mismatching ends NOT_AVAILABLE, and a stopped verifier ends
 * in an error naming the verification stage — and answers again once it is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultsE2ETest {

  /** The models file is under auth/; only this module's content is tampered with. */
  private static final String TAMPERED_DIR = "backend/auth/";

  private Path tmp;

  private E2EPipeline pipeline;
  private LocalSystem system;
  private Questions questions;

  @BeforeAll
  void startSystem(@TempDir Path tmp) throws Exception {
    this.tmp = tmp;
    Path repository = tmp.resolve("repo");
    FixtureRepo.create(repository).close();
    questions = new Questions(repository);
    List<ServiceProvider> services = new ArrayList<>(LocalSystem.discovered());
    services.replaceAll(s -> s.name().equals("extractor") ? new TamperingExtractor(p -> p.startsWith(TAMPERED_DIR)) : s);
    pipeline = E2EPipeline.of(E2ESystem.start(tmp, E2ESystem.scriptedCoaching(tmp),
        Map.of("orkestra.coordinator.verification.timeout.ms", "5000",
            // Short enough that a question sent while the retriever is stopped ends soon.
            "orkestra.coordinator.retrieval.timeout.ms", "15000"), services));
    system = pipeline.system;
  }

  @AfterAll
  void stopSystem() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  void mismatchedCandidatesAreExcluded() throws Exception {
    QueryRequested request = questions.find("Where are the HTTP routes and the login session token handled?");
    QueryResponse response = ask(request);

    assertThat(response.getStatus()).isEqualTo(ResponseStatus.SUCCESS);
    assertThat(response.getData().getMatches()).extracting(Match::getPath).isNotEmpty()
        .noneMatch(path -> path.startsWith(TAMPERED_DIR));
    // The tampered candidates were there, and the verifier is what kept them out.
    List<VerificationCompleted> verdicts = verdictsFor(request.getEnvelope().getCorrelationId());
    assertThat(verdicts).anySatisfy(v -> {
      assertThat(v.getMatch()).isFalse();
      assertThat(v.getReason()).contains("differs");
    });
    assertThat(verdicts.stream().filter(VerificationCompleted::getMatch)).hasSize(response.getData().getMatches().size());
  }

  @Test
  void aCoordinatorRestartedMidQueryAnswersOnceFromItsStoredState() throws Exception {
    system.stop("composer");
    QueryRequested request = questions.getLines("backend/models.py", 1, 5);
    String queryId = request.getEnvelope().getCorrelationId();
    CompletableFuture<QueryResponse> answer = pipeline.send(request);
    // The query has reached composition: everything before it lives in the coordinator's stores.
    await().atMost(Duration.ofSeconds(60)).until(() -> !recordsFor(Topics.COMPOSER_REQUESTS, queryId).isEmpty());

    system.stop("coordinator");
    system.start("coordinator");
    system.start("composer");

    QueryResponse response = answer.get(120, TimeUnit.SECONDS);
    assertThat(response.getStatus()).isEqualTo(ResponseStatus.SUCCESS);
    assertThat(response.getData().getLines().getLines()).isEqualTo(FixtureRepo.lines("backend/models.py", 1, 5));
    // Counted once the system quiesced: a marker on the query's partition (every result of the query
    // lands on that partition number too) is answered only after the query's task moved past them.
    String markerId = SamePartition.keyLike(queryId, queryId + "-marker", Topics.QUERIES.partitions());
    assertThat(ask(Questions.withId(questions.getLines("backend/models.py", 1, 2), markerId)).getStatus())
        .isEqualTo(ResponseStatus.SUCCESS);
    assertThat(recordsFor(Topics.RESPONSES, queryId)).hasSize(1);
  }

  @Test
  void aQuestionAnsweredBeforeIsAnsweredFromTheCacheWithTheRetrieverAndAuditorStopped() throws Exception {
    String commit = ask(questions.getLines("backend/server.py", 1, 1)).getRepo().getCommitSha();
    // Pinned to the commit, so the coordinator's memo of what the ref resolved to never expires.
    QueryResponse first = ask(atRef(questions.getLines("backend/server.py", 2, 6), commit));
    assertThat(first.getStatus()).isEqualTo(ResponseStatus.SUCCESS);
    system.stop("retriever");
    system.stop("auditor");
    try {
      // The audited answer reaches every coordinator's global cache store a moment after its
      // commit; a question that comes earlier waits for the stopped retriever and ends in an error.
      await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
        QueryRequested again = atRef(questions.getLines("backend/server.py", 2, 6), commit);
        QueryResponse cached = ask(again);
        assertThat(cached.getStatus()).isEqualTo(ResponseStatus.SUCCESS);
        assertThat(cached.getData()).isEqualTo(first.getData());
        assertThat(cached.getSources()).isEqualTo(first.getSources());
        assertThat(cached.getRepo()).isEqualTo(first.getRepo());
        assertThat(recordsFor(Topics.RETRIEVER_REQUESTS, again.getEnvelope().getCorrelationId())).isEmpty();
      });
    } finally {
      system.start("retriever");
      system.start("auditor");
    }
  }

  private static QueryRequested atRef(QueryRequested request, String ref) {
    return QueryRequested.newBuilder(request).setRepo(RepoRef.newBuilder(request.getRepo()).setRef(ref).build())
        .build();
  }

  private <V extends org.apache.avro.specific.SpecificRecord> List<V> recordsFor(TopicSpec<V> topic, String queryId) {
    AvroSerde<V> serde = topic.valueSerde();
    return TestKafka.readAll(system.bootstrapServers(), topic.name()).stream()
        .map(record -> serde.decode(record.value()))
        .filter(value -> Envelopes.of(value).getCorrelationId().equals(queryId))
        .toList();
  }

  private List<VerificationCompleted> verdictsFor(String queryId) {
    AvroSerde<VerificationCompleted> serde = Topics.VERIFIER_RESULTS.valueSerde();
    return TestKafka.readAll(system.bootstrapServers(), Topics.VERIFIER_RESULTS.name()).stream()
        .map(record -> serde.decode(record.value()))
        .filter(v -> v.getEnvelope().getCorrelationId().equals(queryId))
        .toList();
  }

  @Test
  void allCandidatesMismatchedIsNotAvailable() throws Exception {
    QueryResponse response = ask(questions.getFile("backend/auth/authentication.py"));

    assertThat(response.getStatus()).isEqualTo(ResponseStatus.NOT_AVAILABLE);
    assertThat(response.getMessage()).isEqualTo("NOT_AVAILABLE: Data verification failed (0/1 candidates verified)");
  }

  @Test
  void aStoppedVerifierEndsInADeadlineErrorAndTheNextQueryCompletesOnceItIsBack() throws Exception {
    system.stop("verifier");
    QueryResponse timedOut = ask(questions.getFile("README.md"));
    assertThat(timedOut.getStatus()).isEqualTo(ResponseStatus.ERROR);
    assertThat(timedOut.getMessage()).startsWith("ERROR: verification stage did not answer within 5s");

    system.start("verifier");
    QueryResponse answered = ask(questions.getLines("README.md", 1, 3));
    assertThat(answered.getStatus()).isEqualTo(ResponseStatus.SUCCESS);
    assertThat(answered.getData().getLines().getLines()).isEqualTo(FixtureRepo.lines("README.md", 1, 3));
  }

  private QueryResponse ask(QueryRequested request) throws Exception {
    return pipeline.ask(request);
  }
}
