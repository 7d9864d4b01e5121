package dev.orkestra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orkestra.cli.LocalSystem;
import dev.orkestra.coordinator.CoordinatorConfig;
import dev.orkestra.coordinator.CoordinatorService;
import dev.orkestra.coordinator.CoordinatorSettings;
import dev.orkestra.coordinator.query.QueryCoordinator;
import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryResponse;
import dev.orkestra.events.query.ResponseStatus;
import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.ServiceHealth;
import dev.orkestra.runtime.TestKafka;
import dev.orkestra.runtime.source.GitRepoBuilder;
import dev.orkestra.runtime.source.SourceLimits;
import dev.orkestra.topics.RecordLimits;
import dev.orkestra.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large content through every service on the real broker: a 786 KB text file (under the 900 KiB
 * source limit) is answered whole, with every record under the record limit; a 5 MB file is refused
 * naming the limit; a record over the coordinator's limit (lowered for the test) ends its query in
 * an error and a dead letter. After each, the next question is answered normally. The files are
 * generated at test time, not committed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeFilesE2ETest {

  private static final String LARGE = "big/large-786k.txt";
  private static final String HUGE = "big/huge-5m.txt";
  private static final String MEDIUM = "big/medium-30k.txt";
  /** Short, so a response a deadline would add for a query that already answered comes within the quiet period. */
  private static final Duration VERIFICATION_TIMEOUT = Duration.ofSeconds(10);

  private E2EPipeline pipeline;
  private Questions questions;
  private String large;

  @BeforeAll
  void startSystem(@TempDir Path tmp) throws Exception {
    Path repository = tmp.resolve("repo");
    large = text(786_000);
    try (GitRepoBuilder repo = FixtureRepo.create(repository)) {
      repo.file(LARGE, large).file(HUGE, text(5 * 1024 * 1024)).file(MEDIUM, text(30_000)).commit("large files");
    }
    questions = new Questions(repository);
    pipeline = E2EPipeline.of(E2ESystem.start(tmp, E2ESystem.scriptedCoaching(tmp),
        Map.of("orkestra.coordinator.verification.timeout.ms", Long.toString(VERIFICATION_TIMEOUT.toMillis())),
        LocalSystem.discovered()));
  }

  @AfterAll
  void stopSystem() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  void a786KbFileIsAnsweredWholeWithEveryRecordUnderTheLimitAndTheNextQuestionIsAnswered() throws Exception {
    QueryRequested request = questions.getFile(LARGE);
    String queryId = request.getEnvelope().getCorrelationId();

    QueryResponse response = pipeline.ask(request);

    assertThat(response.getStatus()).as(response.getMessage()).isEqualTo(ResponseStatus.SUCCESS);
    assertThat(response.getData().getFile().getContent()).isEqualTo(large);
    assertThat(response.getData().getFile().getBlobSha()).isEqualTo(GitRepoBuilder.blobSha(large));
    assertThat(response.getAudited()).isTrue();
    List<Written> written = writtenFor(queryId);
    Written largest = written.stream().max(Comparator.comparingInt(Written::bytes)).orElseThrow();
    System.out.printf("get_file of %,d bytes: %d records written for it, the largest %,d bytes (%s)%n",
        large.length(), written.size(), largest.bytes(), largest.topic());
    written.stream().sorted(Comparator.comparing(Written::topic))
        .forEach(w -> System.out.printf("  %-60s %,10d bytes%n", w.topic(), w.bytes()));
    assertThat(largest.bytes()).isLessThan(RecordLimits.MAX_VALUE_BYTES);
    // Content travels once: no record holds the file twice.
    assertThat(largest.bytes()).isLessThan(large.length() + 20_000);

    assertAnsweredNormally();
  }

  @Test
  void a5MbFileIsRefusedNamingTheLimitAndTheNextQuestionIsAnswered() throws Exception {
    QueryResponse response = pipeline.ask(questions.getFile(HUGE));

    assertThat(response.getStatus()).isEqualTo(ResponseStatus.NOT_AVAILABLE);
    assertThat(response.getMessage()).isEqualTo("NOT_AVAILABLE: file '" + HUGE + "' is 5242880 bytes, above the "
        + SourceLimits.DEFAULT.maxFileBytes() + "-byte limit");
    assertThat(response.getData().getFile()).isNull();

    assertAnsweredNormally();
  }

  @Test
  void aRecordOverTheCoordinatorsLimitEndsItsQueryInAnErrorAndADeadLetterAndTheNextQuestionIsAnswered()
      throws Exception {
    // The same coordinator (application id, state) with a record limit a 30 KB file exceeds.
    ServiceContext context = pipeline.system.context();
    CoordinatorConfig lowered = CoordinatorSettings.from(context).withMaxRecordBytes(20_000);
    pipeline.system.stop("coordinator");
    try (CoordinatorService coordinator = CoordinatorService.start(pipeline.system.bootstrapServers(),
        context.dataDirFor("coordinator").resolve("streams"), lowered)) {
      QueryRequested request = questions.getFile(MEDIUM);
      String queryId = request.getEnvelope().getCorrelationId();

      QueryResponse response = pipeline.ask(request);

      assertThat(response.getStatus()).isEqualTo(ResponseStatus.ERROR);
      assertThat(response.getMessage()).matches("ERROR: coordinator could not write CandidateState to store "
          + "candidates: 30\\d{3} bytes, above the 20000-byte record limit");
      List<DeadLetter> letters = deadLettersFor(queryId);
      assertThat(letters).singleElement().satisfies(letter -> {
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.EXTRACTOR_RESULTS.name());
        assertThat(letter.getReason()).isEqualTo(response.getMessage());
        assertThat(letter.getPayload()).isNotNull();
      });
      assertThat(coordinator.health().status()).isEqualTo(ServiceHealth.Status.UP);

      assertAnsweredNormally();
      // Quiesced: a second response (a deadline firing for the query that already ended) would have
      // come within the verification stage's time.
      await().during(VERIFICATION_TIMEOUT.plusSeconds(1)).atMost(VERIFICATION_TIMEOUT.plusSeconds(10))
          .until(() -> responsesFor(queryId) == 1);
    } finally {
      pipeline.system.start("coordinator");
    }
  }

  /** A small question after the large one: answered, and its content is git's. */
  private void assertAnsweredNormally() throws Exception {
    QueryResponse next = pipeline.ask(questions.getLines("README.md", 1, 3));
    assertThat(next.getStatus()).as(next.getMessage()).isEqualTo(ResponseStatus.SUCCESS);
    assertThat(next.getData().getLines().getLines()).isEqualTo(FixtureRepo.lines("README.md", 1, 3));
  }

  /** One record written for a query: where, and its value's size. */
  private record Written(String topic, int bytes) {}

  /**
   * Every record of the query on the pipeline's topics and the coordinator's own (changelogs,
   * repartition, answer cache): keyed by the queryId, or by a candidate id that starts with it.
   */
  private List<Written> writtenFor(String queryId) {
    String app = CoordinatorSettings.from(pipeline.system.context()).applicationId();
    List<String> topics = new ArrayList<>(Topics.ALL.stream().map(spec -> spec.name()).toList());
    topics.addAll(List.of(app + "-" + QueryCoordinator.QUERY_PROGRESS_STORE + "-changelog",
        app + "-" + QueryCoordinator.CANDIDATES_STORE + "-changelog",
        app + "-" + QueryCoordinator.CANDIDATE_OUTCOMES + "-repartition"));
    List<Written> written = new ArrayList<>();
    for (String topic : topics) {
      for (ConsumerRecord<String, byte[]> record : TestKafka.readAll(pipeline.system.bootstrapServers(), topic)) {
        if (record.key() != null && record.key().startsWith(queryId) && record.value() != null) {
          written.add(new Written(topic, record.value().length));
        }
      }
    }
    // The answer cache is keyed by a digest: its largest entry is this query's (the others are small).
    TestKafka.readAll(pipeline.system.bootstrapServers(), QueryCoordinator.answerCacheTopic(app)).stream()
        .filter(record -> record.value() != null)
        .max(Comparator.comparingInt(record -> record.value().length))
        .ifPresent(record -> written.add(new Written(QueryCoordinator.answerCacheTopic(app), record.value().length)));
    return written;
  }

  private List<DeadLetter> deadLettersFor(String queryId) {
    return TestKafka.readAll(pipeline.system.bootstrapServers(), Topics.DEAD_LETTERS.name()).stream()
        .filter(record -> record.key() != null && record.key().startsWith(queryId))
        .map(record -> Topics.DEAD_LETTERS.valueSerde().decode(record.value()))
        .toList();
  }

  private long responsesFor(String queryId) {
    return TestKafka.readAll(pipeline.system.bootstrapServers(), Topics.RESPONSES.name()).stream()
        .filter(record -> queryId.equals(record.key()))
        .count();
  }

  /** ASCII lines of 99 characters and a newline, cut to exactly {@code bytes}. */
  private static String text(int bytes) {
    StringBuilder text = new StringBuilder(bytes + 100);
    for (int line = 1; text.length() < bytes; line++) {
      text.append(String.format("%08d ", line)).append("x".repeat(90)).append('\n');
    }
    text.setLength(bytes);
    return text.toString();
  }
}
