package dev.orkestra.coordinator.query;

import dev.orkestra.coordinator.CoordinatorConfig;
import dev.orkestra.coordinator.StageTimeouts;
import dev.orkestra.coordinator.query.state.CachedAnswer;
import dev.orkestra.coordinator.query.state.QueryProgressState;
import dev.orkestra.coordinator.query.state.QueryStage;
import dev.orkestra.coordinator.streams.DeadlineIndex;
import dev.orkestra.coordinator.streams.StateSerdes;
import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.CompositionCompleted;
import dev.orkestra.events.query.CompositionRequested;
import dev.orkestra.events.query.ExtractionCompleted;
import dev.orkestra.events.query.ExtractionRequested;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.QueryData;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryResponse;
import dev.orkestra.events.query.QueryRole;
import dev.orkestra.events.query.ReadStatus;
import dev.orkestra.events.query.ResponseStatus;
import dev.orkestra.events.query.RetrievalCompleted;
import dev.orkestra.events.query.RetrievalRequested;
import dev.orkestra.events.query.RuleViolation;
import dev.orkestra.events.query.SynthesisCompleted;
import dev.orkestra.events.query.SynthesisRequested;
import dev.orkestra.events.query.VerificationCompleted;
import dev.orkestra.events.query.VerificationRequested;
import dev.orkestra.events.query.VerifiedExcerpt;
import dev.orkestra.runtime.VerifiedDigests;
import dev.orkestra.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import static dev.orkestra.coordinator.query.Events.candidate;
import static org.assertj.core.api.Assertions.assertThat;

/** The whole query topology in a TopologyTestDriver, role services played by {@link Events}. */
class QueryCoordinatorTest {

  private static final Duration CACHE_TTL = Duration.ofMinutes(1);

  @TempDir
  Path stateDir;

  private CoordinatorConfig config;
  private PipelineDriver pipeline;

  @BeforeEach
  void start() {
    config = CoordinatorConfig.defaults()
        .withApplicationId("ttd-" + UUID.randomUUID().toString().substring(0, 8))
        .withInstanceId("ttd")
        .withCacheTtl(CACHE_TTL);
    pipeline = new PipelineDriver(config, stateDir);
  }

  @AfterEach
  void stop() {
    pipeline.close();
  }

  @Test
  void getFileGoesThroughEveryStageAndAnswersWithTheAuditedAnswer() {
    String queryId = Events.newQueryId();
    QueryRequested query = Events.getFile(queryId, "README.md");
    pipeline.ask(query);

    KeyValue<String, RetrievalRequested> retrieval = pipeline.retrievalRequests.readKeyValue();
    assertThat(retrieval.key).isEqualTo(queryId);
    assertThat(retrieval.value.getAction()).isEqualTo(QueryAction.GET_FILE);
    assertThat(retrieval.value.getPath()).isEqualTo("README.md");
    assertThat(retrieval.value.getRepo()).isEqualTo(query.getRepo());
    assertThat(retrieval.value.getMaxCandidates()).isEqualTo(1);
    assertCausedBy(retrieval.value.getEnvelope(), query.getEnvelope(), queryId);

    var retrieved = Events.retrieved(retrieval.value, List.of(candidate("c1", "README.md", null, null, 1.0)));
    pipeline.retrievals.pipeInput(queryId, retrieved);

    List<KeyValue<String, ExtractionRequested>> extractions = pipeline.extractionRequests.readKeyValuesToList();
    assertThat(extractions).hasSize(1);
    ExtractionRequested extraction = extractions.getFirst().value;
    assertThat(extractions.getFirst().key).isEqualTo(extraction.getCandidate().getCandidateId()).startsWith(queryId);
    assertThat(extraction.getCandidate().getPath()).isEqualTo("README.md");
    assertThat(extraction.getRepo().getCommitSha()).isEqualTo(retrieved.getRepo().getCommitSha());
    assertCausedBy(extraction.getEnvelope(), retrieved.getEnvelope(), queryId);

    ExtractionCompleted extracted = Events.extracted(extraction);
    pipeline.extractions.pipeInput(extracted.getCandidateId(), extracted);

    KeyValue<String, VerificationRequested> verification = pipeline.verificationRequests.readKeyValue();
    assertThat(verification.key).isEqualTo(extracted.getCandidateId());
    assertThat(verification.value.getClaimed()).isEqualTo(extracted.getExcerpt());
    assertThat(verification.value.getExtractedVia()).isEqualTo(extracted.getReadVia());
    assertThat(verification.value.getRepo().getCommitSha()).isEqualTo(retrieved.getRepo().getCommitSha());
    assertCausedBy(verification.value.getEnvelope(), extracted.getEnvelope(), queryId);

    VerificationCompleted verdict = Events.verified(verification.value, true);
    pipeline.verifications.pipeInput(verdict.getCandidateId(), verdict);

    KeyValue<String, CompositionRequested> composition = pipeline.compositionRequests.readKeyValue();
    assertThat(composition.key).isEqualTo(queryId);
    assertThat(composition.value.getVerified()).containsExactly(new VerifiedExcerpt(extraction.getCandidate(),
        extracted.getExcerpt()));
    assertThat(composition.value.getCandidatesTotal()).isEqualTo(1);
    assertThat(composition.value.getCandidatesVerified()).isEqualTo(1);
    assertThat(composition.value.getUnavailableReason()).isNull();
    assertThat(composition.value.getFetchedAt()).isEqualTo(extracted.getEnvelope().getOccurredAt());
    assertThat(composition.value.getRole()).isEqualTo(QueryRole.ADMIN);
    assertThat(composition.value.getPath()).isEqualTo("README.md");
    assertThat(composition.value.getRepo()).isEqualTo(retrieved.getRepo());
    assertCausedBy(composition.value.getEnvelope(), verdict.getEnvelope(), queryId);

    CompositionCompleted composed = Events.composed(composition.value);
    pipeline.compositions.pipeInput(queryId, composed);

    KeyValue<String, AuditRequested> audit = pipeline.auditRequests.readKeyValue();
    assertThat(audit.key).isEqualTo(queryId);
    assertThat(audit.value.getAnswer()).isEqualTo(composed.getAnswer());
    assertThat(audit.value.getVerified()).as("the texts travel in the answer only").isEmpty();
    assertThat(audit.value.getVerifiedDigests()).isEqualTo(VerifiedDigests.of(composition.value.getVerified()));
    assertThat(audit.value.getCoachingRequested()).isFalse();
    assertCausedBy(audit.value.getEnvelope(), composed.getEnvelope(), queryId);

    var passed = Events.audited(audit.value);
    pipeline.audits.pipeInput(queryId, passed);

    KeyValue<String, QueryResponse> response = pipeline.responses.readKeyValue();
    assertThat(response.key).isEqualTo(queryId);
    QueryResponse answer = response.value;
    assertThat(answer.getStatus()).isEqualTo(ResponseStatus.SUCCESS);
    assertThat(answer.getData()).isEqualTo(composed.getAnswer().getData());
    assertThat(answer.getSources()).isEqualTo(composed.getAnswer().getSources());
    assertThat(answer.getMessage()).isEqualTo(composed.getAnswer().getMessage());
    assertThat(answer.getFetchedAt()).isEqualTo(composed.getAnswer().getFetchedAt());
    assertThat(answer.getAudited()).isTrue();
    assertThat(answer.getRole()).isEqualTo(QueryRole.ADMIN);
    assertThat(answer.getAction()).isEqualTo(QueryAction.GET_FILE);
    assertThat(answer.getRepo()).isEqualTo(retrieved.getRepo());
    assertThat(answer.getUsage()).containsExactlyElementsOf(Stream.of(retrieved.getUsage(), composed.getUsage(),
        passed.getUsage()).flatMap(List::stream).toList());
    assertThat(answer.getElapsedMs()).isNotNull().isNotNegative();
    assertCausedBy(answer.getEnvelope(), passed.getEnvelope(), queryId);
    assertNothingElseWritten();
  }

  @Test
  void aLargeFileTravelsOnceInTheStateAndTheAuditRequestOnceItIsComposed() {
    String queryId = Events.newQueryId();
    String content = "x".repeat(99) + "\n";
    String text = content.repeat(7_000); // 700,000 bytes
    pipeline.ask(Events.getFile(queryId, "big.txt"));
    pipeline.retrieve(List.of(candidate("c1", "big.txt", null, null, 1.0)));
    ExtractionRequested extraction = pipeline.extractionRequests.readValue();
    pipeline.extractions.pipeInput(extraction.getCandidate().getCandidateId(), Events.extracted(extraction, text));
    pipeline.verify(pipeline.verificationRequests.readValue(), true);
    CompositionRequested composition = pipeline.compositionRequests.readValue();
    pipeline.compositions.pipeInput(queryId, Events.composed(composition));

    AuditRequested audit = pipeline.auditRequests.readValue();
    int auditBytes = Topics.AUDITOR_REQUESTS.valueSerde().encode(audit).length;
    int stateBytes = StateSerdes.of(QueryProgressState.class).serializer()
        .serialize("query-progress-changelog", progressState(queryId)).length;

    assertThat(audit.getAnswer().getData().getFile().getContent()).isEqualTo(text);
    assertThat(auditBytes).as("AuditRequested bytes").isBetween(text.length(), text.length() + 2_000);
    assertThat(stateBytes).as("query-progress bytes while auditing").isBetween(text.length(), text.length() + 4_000);
    pipeline.audits.pipeInput(queryId, Events.audited(audit));
    assertThat(pipeline.responses.readValue().getData().getFile().getContent()).isEqualTo(text);
  }

  @Test
  void aMatchTooLargeToQuoteIsLeftOutAndTheOthersAreComposed() {
    String queryId = Events.newQueryId();
    pipeline.ask(Events.find(queryId, "where is the bundle built"));
    pipeline.retrieve(List.of(candidate("c1", "build.js", 1, 9, 0.5), candidate("c2", "app.min.js", 1, 1, 0.9)));
    for (ExtractionRequested extraction : pipeline.extractionRequests.readValuesToList()) {
      boolean minified = extraction.getCandidate().getPath().equals("app.min.js");
      pipeline.extractions.pipeInput(extraction.getCandidate().getCandidateId(), minified
          ? Events.extracted(extraction, "x".repeat(ContentBudget.DEFAULT.perMatch() + 1))
          : Events.extracted(extraction));
    }
    pipeline.verificationRequests.readValuesToList().forEach(v -> pipeline.verify(v, true));

    CompositionRequested composition = pipeline.compositionRequests.readValue();
    assertThat(composition.getVerified()).extracting(v -> v.getCandidate().getPath()).containsExactly("build.js");
    assertThat(composition.getCandidatesTotal()).isEqualTo(2);
    assertThat(composition.getCandidatesVerified()).isEqualTo(1);
  }

  @Test
  void aNamedFileAboveTheContentBudgetIsNotAvailableNamingTheLimit() {
    String queryId = Events.newQueryId();
    int bytes = ContentBudget.DEFAULT.perQuery() + 1;
    pipeline.ask(Events.getFile(queryId, "big.txt"));
    pipeline.retrieve(List.of(candidate("c1", "big.txt", null, null, 1.0)));
    ExtractionRequested extraction = pipeline.extractionRequests.readValue();
    pipeline.extractions.pipeInput(extraction.getCandidate().getCandidateId(),
        Events.extracted(extraction, "y".repeat(bytes)));
    pipeline.verify(pipeline.verificationRequests.readValue(), true);

    CompositionRequested composition = pipeline.compositionRequests.readValue();
    assertThat(composition.getVerified()).isEmpty();
    assertThat(composition.getUnavailableReason()).isEqualTo("NOT_AVAILABLE: file 'big.txt' holds " + bytes
        + " bytes of text, above the 921600-byte limit of one answer");
  }

  @Test
  void findFansOutPerCandidateAndComposesOnlyTheVerifiedOnesBestScoreFirst() {
    String queryId = Events.newQueryId();
    pipeline.ask(Events.find(queryId, "Where is authentication implemented?"));
    // Out of score order on purpose: composition must be by score, not by arrival or retrieval order.
    pipeline.retrieve(List.of(
        candidate("c1", "auth/login.py", 10, 20, 0.4),
        candidate("c2", "auth/session.py", 1, 9, 0.9),
        candidate("c3", "auth/token.py", 30, 44, 0.7)));

    List<KeyValue<String, ExtractionRequested>> extractions = pipeline.extractionRequests.readKeyValuesToList();
    assertThat(extractions).hasSize(3)
        .allSatisfy(kv -> assertThat(kv.key).isEqualTo(kv.value.getCandidate().getCandidateId()));
    assertThat(extractions.stream().map(kv -> kv.key).distinct()).hasSize(3);
    for (KeyValue<String, ExtractionRequested> extraction : extractions.reversed()) {
      pipeline.extractions.pipeInput(extraction.key, Events.extracted(extraction.value));
    }
    List<VerificationRequested> verifications = pipeline.verificationRequests.readValuesToList();
    assertThat(verifications).hasSize(3);
    String mismatched = idEndingWith(verifications, "c3");
    for (VerificationRequested verification : verifications) {
      pipeline.verify(verification, !verification.getCandidateId().equals(mismatched));
    }

    CompositionRequested composition = pipeline.compositionRequests.readValue();
    assertThat(composition.getCandidatesTotal()).isEqualTo(3);
    assertThat(composition.getCandidatesVerified()).isEqualTo(2);
    assertThat(composition.getUnavailableReason()).isNull();
    assertThat(composition.getVerified()).extracting(v -> v.getCandidate().getPath())
        .containsExactly("auth/session.py", "auth/login.py");
    assertThat(composition.getVerified()).allSatisfy(v ->
        assertThat(v.getExcerpt().getText()).contains(v.getCandidate().getCandidateId()));
    assertThat(composition.getQuestion()).isEqualTo("Where is authentication implemented?");
  }

  @Test
  void nothingVerifiedComposesTheSeedsVerificationFailedReason() {
    String queryId = Events.newQueryId();
    pipeline.ask(Events.find(queryId, "token refresh"));
    pipeline.retrieve(List.of(candidate("c1", "a.py", 1, 2, 0.9), candidate("c2", "b.py", 3, 4, 0.8),
        candidate("c3", "c.py", 5, 6, 0.7)));
    pipeline.extractAll();
    pipeline.verificationRequests.readValuesToList().forEach(v -> pipeline.verify(v, false));

    CompositionRequested composition = pipeline.compositionRequests.readValue();
    assertThat(composition.getVerified()).isEmpty();
    assertThat(composition.getUnavailableReason())
        .isEqualTo("NOT_AVAILABLE: Data verification failed (0/3 candidates verified)");
    pipeline.compositions.pipeInput(queryId, Events.composed(composition));
    AuditRequested audit = pipeline.auditRequests.readValue();
    pipeline.audits.pipeInput(queryId, Events.audited(audit));

    QueryResponse response = pipeline.responses.readValue();
    assertThat(response.getStatus()).isEqualTo(ResponseStatus.NOT_AVAILABLE);
    assertThat(response.getMessage()).isEqualTo(composition.getUnavailableReason());
    assertThat(response.getSources()).isEmpty();
  }

  @Test
  void fileMissingAtRetrievalAnswersNotAvailableWithoutExtracting() {
    String queryId = Events.newQueryId();
    pipeline.ask(Events.getFile(queryId, "nonexistent/file.js"));
    RetrievalRequested retrieval = pipeline.retrievalRequests.readValue();
    pipeline.retrievals.pipeInput(queryId, Events.retrievalFailed(retrieval, ReadStatus.NOT_FOUND,
        "file not found at path 'nonexistent/file.js'"));

    QueryResponse response = pipeline.responses.readValue();
    assertThat(response.getStatus()).isEqualTo(ResponseStatus.NOT_AVAILABLE);
    assertThat(response.getMessage()).isEqualTo("NOT_AVAILABLE: file not found at path 'nonexistent/file.js'");
    assertThat(response.getData()).isEqualTo(QueryData.newBuilder().build());
    assertThat(response.getSources()).isEmpty();
    assertThat(response.getAudited()).isFalse();
    assertNothingElseWritten();
  }

  @Test
  void rateLimitedRetrievalAnswersError() {
    String queryId = Events.newQueryId();
    pipeline.ask(Events.find(queryId, "rate limits"));
    RetrievalRequested retrieval = pipeline.retrievalRequests.readValue();
    pipeline.retrievals.pipeInput(queryId, Events.retrievalFailed(retrieval, ReadStatus.RATE_LIMITED,
        "GitHub API rate limit exceeded. Resets at 2026-01-01T00:00:00Z"));

    QueryResponse response = pipeline.responses.readValue();
    assertThat(response.getStatus()).isEqualTo(ResponseStatus.ERROR);
    assertThat(response.getMessage())
        .isEqualTo("ERROR: GitHub API rate limit exceeded. Resets at 2026-01-01T00:00:00Z");
  }

  @Test
  void noCandidatesAnswersNoMatches() {
    String queryId = Events.newQueryId();
    pipeline.ask(Events.find(queryId, "quantum flux capacitor"));
    pipeline.retrieve(List.of());

    QueryResponse response = pipeline.responses.readValue();
    assertThat(response.getStatus()).isEqualTo(ResponseStatus.NOT_AVAILABLE);
    assertThat(response.getMessage()).isEqualTo("NOT_AVAILABLE: No matches found for query");
    assertNothingElseWritten();
  }

  static Stream<Arguments> invalidQueries() {
    String id = "q-invalid";
    return Stream.of(
        Arguments.of(Events.query(id, QueryRole.ADMIN, QueryAction.GET_LINES).setPath("a.py").setEndLine(3).build(),
            "ERROR: invalid startLine: is required for get_lines"),
        Arguments.of(Events.getFile(id, "../etc/passwd"),
            "ERROR: invalid path: must not contain '.', '..' or empty segments, was '../etc/passwd'"),
        Arguments.of(Events.getFile(id, "/etc/passwd"),
            "ERROR: invalid path: must be relative to the repository root, was '/etc/passwd'"),
        Arguments.of(Events.find(id, "  "), "ERROR: invalid question: is required for find and explain"));
  }

  @ParameterizedTest
  @MethodSource("invalidQueries")
  void invalidQueryAnswersErrorNamingTheFieldAndRunsNothing(QueryRequested query, String message) {
    pipeline.ask(query);

    KeyValue<String, QueryResponse> response = pipeline.responses.readKeyValue();
    assertThat(response.key).isEqualTo(query.getEnvelope().getCorrelationId());
    assertThat(response.value.getStatus()).isEqualTo(ResponseStatus.ERROR);
    assertThat(response.value.getMessage()).isEqualTo(message);
    assertThat(response.value.getData()).isEqualTo(QueryData.newBuilder().build());
    assertThat(response.value.getSources()).isEmpty();
    assertCausedBy(response.value.getEnvelope(), query.getEnvelope(), query.getEnvelope().getCorrelationId());
    assertNothingElseWritten();
  }

  @Test
  void identicalQueryIsAnsweredFromTheCacheAtOnceWhileItsRefResolutionIsRecent() {
    QueryResponse first = runGetFile(Events.newQueryId(), "README.md");

    String secondId = Events.newQueryId();
    QueryRequested second = Events.getFile(secondId, "README.md");
    pipeline.ask(second);

    // No retrieval hop: the ref resolved moments ago, and the answer for that commit is cached.
    KeyValue<String, QueryResponse> cached = pipeline.responses.readKeyValue();
    assertThat(cached.key).isEqualTo(secondId);
    assertSameAnswer(cached.value, first);
    assertThat(cached.value.getRepo()).isEqualTo(first.getRepo());
    assertThat(cached.value.getUsage()).isEmpty();
    assertCausedBy(cached.value.getEnvelope(), second.getEnvelope(), secondId);
    assertNothingElseWritten();

    // No deadline fires for the query the cache answered.
    pipeline.advance(Duration.ofMinutes(5));
    assertThat(pipeline.responses.isEmpty()).isTrue();
  }

  @Test
  void onceTheRefResolutionIsOldTheRetrieverResolvesItAgainBeforeTheCacheAnswers() {
    QueryResponse first = runGetFile(Events.newQueryId(), "README.md");
    pipeline.advance(config.refReuse().plusSeconds(1));

    String secondId = Events.newQueryId();
    pipeline.ask(Events.getFile(secondId, "README.md"));
    RetrievalRequested retrieval = pipeline.retrievalRequests.readValue();
    var retrieved = Events.retrieved(retrieval, List.of(candidate("c1", "README.md", null, null, 1.0)));
    pipeline.retrievals.pipeInput(secondId, retrieved);

    assertThat(pipeline.extractionRequests.isEmpty()).isTrue();
    KeyValue<String, QueryResponse> cached = pipeline.responses.readKeyValue();
    assertThat(cached.key).isEqualTo(secondId);
    assertSameAnswer(cached.value, first);
    assertThat(cached.value.getUsage()).isEqualTo(retrieved.getUsage());
    assertCausedBy(cached.value.getEnvelope(), retrieved.getEnvelope(), secondId);
    assertNothingElseWritten();
  }

  @Test
  void aRefThatMovedIsANewCacheKeyAndRunsThePipeline() {
    runGetFile(Events.newQueryId(), "README.md");
    pipeline.advance(config.refReuse().plusSeconds(1));

    String laterId = Events.newQueryId();
    pipeline.ask(Events.getFile(laterId, "README.md"));
    RetrievalRequested retrieval = pipeline.retrievalRequests.readValue();
    RetrievalCompleted found = Events.retrieved(retrieval, List.of(candidate("c1", "README.md", null, null, 1.0)));
    RetrievalCompleted moved = RetrievalCompleted.newBuilder(found)
        .setRepo(RepoRef.newBuilder(found.getRepo()).setCommitSha("b".repeat(40)).build()).build();
    pipeline.retrievals.pipeInput(laterId, moved);

    assertThat(pipeline.responses.isEmpty()).isTrue();
    assertThat(pipeline.extractionRequests.readValuesToList()).singleElement()
        .satisfies(extraction -> assertThat(extraction.getRepo().getCommitSha()).isEqualTo("b".repeat(40)));
  }

  @Test
  void withTheRefMemoOffEveryQueryIsRetrievedFirst() {
    pipeline.close();
    config = config.withRefReuse(Duration.ZERO);
    pipeline = new PipelineDriver(config, stateDir.resolve("no-memo"));
    runGetFile(Events.newQueryId(), "README.md");

    pipeline.ask(Events.getFile(Events.newQueryId(), "README.md"));

    assertThat(pipeline.responses.isEmpty()).isTrue();
    assertThat(pipeline.retrievalRequests.readValuesToList()).hasSize(1);
  }

  @Test
  void expiredCacheEntryIsNotServed() {
    runGetFile(Events.newQueryId(), "README.md");
    pipeline.advance(CACHE_TTL.plusSeconds(1));

    String laterId = Events.newQueryId();
    pipeline.ask(Events.getFile(laterId, "README.md"));
    pipeline.retrieve(List.of(candidate("c1", "README.md", null, null, 1.0)));

    assertThat(pipeline.extractionRequests.readKeyValuesToList()).hasSize(1);
    assertThat(pipeline.responses.isEmpty()).isTrue();
  }

  @Test
  void anAuditedAnswerIsWrittenToTheCacheTopicAndAnExpiredOneIsPurgedWithATombstone() {
    runGetFile(Events.newQueryId(), "README.md");
    KeyValue<String, CachedAnswer> stored =
        pipeline.cachedAnswers.readKeyValue();
    assertThat(stored.value.getExpiresAt() - stored.value.getStoredAt()).isEqualTo(CACHE_TTL.toMillis());

    pipeline.advance(CACHE_TTL.minusSeconds(1));
    assertThat(pipeline.cachedAnswers.isEmpty()).as("nothing purged before the entry expires").isTrue();

    pipeline.advance(QueryProcessor.CACHE_PURGE_INTERVAL);
    KeyValue<String, CachedAnswer> purged = pipeline.cachedAnswers.readKeyValue();
    assertThat(purged.key).isEqualTo(stored.key);
    assertThat(purged.value).isNull();
    assertThat(pipeline.cachedAnswers.isEmpty()).isTrue();
  }

  @Test
  void subTopologyNumbersStaySoAnUpgradedInstanceReusesItsLocalState() {
    // Task ids (and so local state directories) are <sub-topology>_<partition>; a renumbering makes
    // every store look corrupted on the first start after an upgrade and restore from scratch.
    TopologyDescription description = new QueryCoordinator(config).topology().describe();
    Map<Integer, List<String>> processors = description.subtopologies().stream()
        .collect(Collectors.toMap(TopologyDescription.Subtopology::id,
            sub -> sub.nodes().stream().map(TopologyDescription.Node::name).toList()));
    Map<Integer, Set<String>> stores = description.subtopologies().stream()
        .collect(Collectors.toMap(TopologyDescription.Subtopology::id, sub -> sub.nodes().stream()
            .filter(node -> node instanceof TopologyDescription.Processor)
            .flatMap(node -> ((TopologyDescription.Processor) node).stores().stream())
            .collect(Collectors.toSet())));
    Map<Integer, Set<String>> sources = description.subtopologies().stream()
        .collect(Collectors.toMap(TopologyDescription.Subtopology::id, sub -> sub.nodes().stream()
            .filter(node -> node instanceof TopologyDescription.Source)
            .flatMap(node -> ((TopologyDescription.Source) node).topicSet().stream())
            .collect(Collectors.toSet())));

    assertThat(processors).hasSize(2);
    assertThat(processors.get(0)).contains("candidates");
    assertThat(processors.get(1)).contains("queries");
    assertThat(stores.get(0)).containsExactly(QueryCoordinator.CANDIDATES_STORE);
    assertThat(stores.get(1)).contains(QueryCoordinator.QUERY_PROGRESS_STORE);
    assertThat(sources.get(0)).containsExactlyInAnyOrder(Topics.CANDIDATES.name(),
        Topics.EXTRACTOR_RESULTS.name(), Topics.VERIFIER_RESULTS.name());
    assertThat(sources.get(1)).containsExactlyInAnyOrder(Topics.QUERIES.name(), Topics.RETRIEVER_RESULTS.name(),
        Topics.SYNTHESIZER_RESULTS.name(), Topics.COMPOSER_RESULTS.name(), Topics.AUDITOR_RESULTS.name(),
        Topics.FAILURES.name(), QueryCoordinator.CANDIDATE_OUTCOMES + "-repartition");
  }

  private QueryProgressState progressState(String queryId) {
    KeyValueStore<String, QueryProgressState> store = pipeline.driver.getKeyValueStore(
        QueryCoordinator.QUERY_PROGRESS_STORE);
    return store.get(queryId);
  }

  private static void assertSameAnswer(QueryResponse cached, QueryResponse first) {
    assertThat(cached.getStatus()).isEqualTo(first.getStatus());
    assertThat(cached.getData()).isEqualTo(first.getData());
    assertThat(cached.getSources()).isEqualTo(first.getSources());
    assertThat(cached.getMessage()).isEqualTo(first.getMessage());
    assertThat(cached.getFetchedAt()).isEqualTo(first.getFetchedAt());
    assertThat(cached.getEnvelope().getEventId()).isNotEqualTo(first.getEnvelope().getEventId());
  }

  @Test
  void overdueVerificationAnswersErrorNamingTheStageAndLateResultsAreIgnored() {
    String queryId = Events.newQueryId();
    pipeline.ask(Events.find(queryId, "session handling"));
    pipeline.retrieve(List.of(candidate("c1", "a.py", 1, 2, 0.9), candidate("c2", "b.py", 3, 4, 0.8),
        candidate("c3", "c.py", 5, 6, 0.7)));
    pipeline.extractAll();
    List<VerificationRequested> verifications = pipeline.verificationRequests.readValuesToList();
    pipeline.verify(verifications.getFirst(), true);

    pipeline.advance(config.timeouts().verification().plusSeconds(1));

    KeyValue<String, QueryResponse> response = pipeline.responses.readKeyValue();
    assertThat(response.key).isEqualTo(queryId);
    assertThat(response.value.getStatus()).isEqualTo(ResponseStatus.ERROR);
    assertThat(response.value.getMessage())
        .isEqualTo("ERROR: verification stage did not answer within 30s (1/3 candidates verified)");
    assertThat(response.value.getSources()).isEmpty();

    // The verifier recovers: its late verdicts change nothing for the query that already answered.
    pipeline.verify(verifications.get(1), true);
    pipeline.verify(verifications.get(2), true);
    pipeline.advance(Duration.ofSeconds(30));
    assertNothingElseWritten();

    // ... and a new query goes through normally.
    QueryResponse next = runGetFile(Events.newQueryId(), "NOTES.md");
    assertThat(next.getStatus()).isEqualTo(ResponseStatus.SUCCESS);
  }

  @Test
  void retrievalThatNeverAnswersTimesOutNamingRetrieval() {
    pipeline.ask(Events.find(Events.newQueryId(), "anything"));
    pipeline.retrievalRequests.readValue();

    pipeline.advance(config.timeouts().retrieval().minusSeconds(1));
    assertThat(pipeline.responses.isEmpty()).isTrue();
    pipeline.advance(Duration.ofSeconds(2));

    assertThat(pipeline.responses.readValue().getMessage())
        .isEqualTo("ERROR: retrieval stage did not answer within 3m");
  }

  @Test
  void theQuerysOwnEarlierDeadlineShortensTheStage() {
    String queryId = Events.newQueryId();
    pipeline.ask(Events.query(queryId, QueryRole.ADMIN, QueryAction.GET_FILE).setPath("a.md")
        .setDeadline(pipeline.start.plusSeconds(5)).build());
    pipeline.retrievalRequests.readValue();

    pipeline.advance(Duration.ofSeconds(6));

    assertThat(pipeline.responses.readValue().getMessage())
        .isEqualTo("ERROR: retrieval stage did not answer within 5s");
  }

  @Test
  void duplicateVerificationCountsItsCandidateOnce() {
    String queryId = Events.newQueryId();
    pipeline.ask(Events.find(queryId, "cache"));
    pipeline.retrieve(List.of(candidate("c1", "a.py", 1, 2, 0.9), candidate("c2", "b.py", 3, 4, 0.8)));
    pipeline.extractAll();
    List<VerificationRequested> verifications = pipeline.verificationRequests.readValuesToList();
    VerificationCompleted first = Events.verified(verifications.getFirst(), true);

    pipeline.verifications.pipeInput(first.getCandidateId(), first);
    pipeline.verifications.pipeInput(first.getCandidateId(), first);

    assertThat(pipeline.compositionRequests.isEmpty()).isTrue();
    pipeline.verify(verifications.get(1), true);
    CompositionRequested composition = pipeline.compositionRequests.readValue();
    assertThat(composition.getCandidatesVerified()).isEqualTo(2);
    assertThat(composition.getVerified()).hasSize(2);
    assertThat(pipeline.compositionRequests.isEmpty()).isTrue();
  }

  @Test
  void duplicateExtractionSendsOneVerification() {
    pipeline.ask(Events.getFile(Events.newQueryId(), "a.md"));
    pipeline.retrieve(List.of(candidate("c1", "a.md", null, null, 1.0)));
    ExtractionRequested extraction = pipeline.extractionRequests.readValue();
    ExtractionCompleted extracted = Events.extracted(extraction);

    pipeline.extractions.pipeInput(extracted.getCandidateId(), extracted);
    pipeline.extractions.pipeInput(extracted.getCandidateId(), extracted);

    assertThat(pipeline.verificationRequests.readValuesToList()).hasSize(1);
  }

  @Test
  void coachingGoesThroughSynthesisBeforeComposition() {
    String queryId = Events.newQueryId();
    pipeline.ask(Events.explainWithCoaching(queryId, "How can I add OAuth authentication?"));
    pipeline.retrieve(List.of(candidate("c1", "auth.py", 1, 5, 0.6), candidate("c2", "oauth.py", 1, 9, 0.8)));
    pipeline.extractAll();
    pipeline.verificationRequests.readValuesToList().forEach(v -> pipeline.verify(v, true));

    assertThat(pipeline.compositionRequests.isEmpty()).isTrue();
    KeyValue<String, SynthesisRequested> synthesis = pipeline.synthesisRequests.readKeyValue();
    assertThat(synthesis.key).isEqualTo(queryId);
    assertThat(synthesis.value.getQuestion()).isEqualTo("How can I add OAuth authentication?");
    assertThat(synthesis.value.getVerified()).extracting(v -> v.getCandidate().getPath())
        .containsExactly("oauth.py", "auth.py");
    SynthesisCompleted coaching = Events.synthesized(synthesis.value);
    pipeline.syntheses.pipeInput(queryId, coaching);

    CompositionRequested composition = pipeline.compositionRequests.readValue();
    assertThat(composition.getCoaching()).isEqualTo(coaching.getCoaching());
    assertThat(composition.getIncludeCoaching()).isTrue();
    assertThat(composition.getVerified()).isEqualTo(synthesis.value.getVerified());
    CompositionCompleted composed = Events.composed(composition);
    pipeline.compositions.pipeInput(queryId, composed);
    AuditRequested audit = pipeline.auditRequests.readValue();
    assertThat(audit.getCoachingRequested()).isTrue();
    pipeline.audits.pipeInput(queryId, Events.audited(audit));

    QueryResponse response = pipeline.responses.readValue();
    assertThat(response.getData().getCoaching()).isEqualTo(coaching.getCoaching());
    assertThat(response.getUsage()).containsAll(coaching.getUsage()).containsAll(composed.getUsage());
  }

  @Test
  void synthesizerFailureComposesWithoutCoaching() {
    String queryId = Events.newQueryId();
    pipeline.ask(Events.explainWithCoaching(queryId, "How is the cache invalidated?"));
    pipeline.retrieve(List.of(candidate("c1", "cache.py", 1, 5, 0.6)));
    pipeline.extractAll();
    pipeline.verify(pipeline.verificationRequests.readValue(), true);
    SynthesisRequested synthesis = pipeline.synthesisRequests.readValue();

    pipeline.failures.pipeInput(queryId, Events.failure(synthesis.getEnvelope(), "synthesizer",
        Topics.SYNTHESIZER_REQUESTS.name(), queryId, "model unavailable"));

    CompositionRequested composition = pipeline.compositionRequests.readValue();
    assertThat(composition.getCoaching()).isNull();
    assertThat(composition.getIncludeCoaching()).isTrue();
    assertThat(composition.getCandidatesVerified()).isEqualTo(1);
  }

  @Test
  void coachingTheSynthesizerCouldNotWriteIsComposedAsNotAvailableWithItsReason() {
    String queryId = Events.newQueryId();
    pipeline.ask(Events.explainWithCoaching(queryId, "How is the cache invalidated?"));
    pipeline.retrieve(List.of(candidate("c1", "cache.py", 1, 5, 0.6)));
    pipeline.extractAll();
    pipeline.verify(pipeline.verificationRequests.readValue(), true);
    SynthesisRequested synthesis = pipeline.synthesisRequests.readValue();
    SynthesisCompleted none = SynthesisCompleted.newBuilder()
        .setEnvelope(Events.reply(synthesis.getEnvelope(), "synthesizer"))
        .setFailureReason("NOT_AVAILABLE: coaching requires a configured model")
        .build();

    pipeline.syntheses.pipeInput(queryId, none);

    CompositionRequested composition = pipeline.compositionRequests.readValue();
    assertThat(composition.getCoaching().getText()).isEqualTo(none.getFailureReason());
    assertThat(composition.getCoaching().getLabel()).isEqualTo("suggestion");
    assertThat(composition.getCoaching().getBasedOn()).isEmpty();
  }

  @Test
  void adminQueriesDoNotAskForCoaching() {
    pipeline.ask(Events.getFile(Events.newQueryId(), "a.md"));
    pipeline.retrieve(List.of(candidate("c1", "a.md", null, null, 1.0)));
    pipeline.extractAll();
    pipeline.verify(pipeline.verificationRequests.readValue(), true);

    assertThat(pipeline.synthesisRequests.isEmpty()).isTrue();
    assertThat(pipeline.compositionRequests.readValue().getIncludeCoaching()).isFalse();
  }

  @Test
  void extractorFailureFinishesOnlyThatCandidate() {
    String queryId = Events.newQueryId();
    pipeline.ask(Events.find(queryId, "retry policy"));
    pipeline.retrieve(List.of(candidate("c1", "a.py", 1, 2, 0.9), candidate("c2", "b.py", 3, 4, 0.8)));
    List<ExtractionRequested> extractions = pipeline.extractionRequests.readValuesToList();
    ExtractionRequested failing = extractions.getFirst();
    pipeline.failures.pipeInput(queryId, Events.failure(failing.getEnvelope(), "extractor",
        Topics.EXTRACTOR_REQUESTS.name(), failing.getCandidate().getCandidateId(), "git read timed out"));
    ExtractionRequested working = extractions.get(1);
    pipeline.extractions.pipeInput(working.getCandidate().getCandidateId(), Events.extracted(working));
    pipeline.verify(pipeline.verificationRequests.readValue(), true);

    CompositionRequested composition = pipeline.compositionRequests.readValue();
    assertThat(composition.getCandidatesTotal()).isEqualTo(2);
    assertThat(composition.getCandidatesVerified()).isEqualTo(1);
    assertThat(composition.getVerified()).extracting(v -> v.getCandidate().getCandidateId())
        .containsExactly(working.getCandidate().getCandidateId());
  }

  @Test
  void fileNotFoundAtExtractionComposesTheFileNotFoundReason() {
    String queryId = Events.newQueryId();
    pipeline.ask(Events.getFile(queryId, "docs/gone.md"));
    pipeline.retrieve(List.of(candidate("c1", "docs/gone.md", null, null, 1.0)));
    ExtractionRequested extraction = pipeline.extractionRequests.readValue();
    pipeline.extractions.pipeInput(extraction.getCandidate().getCandidateId(), Events.notExtracted(extraction,
        ReadStatus.NOT_FOUND, "file not found at path 'docs/gone.md'"));

    assertThat(pipeline.verificationRequests.isEmpty()).isTrue();
    CompositionRequested composition = pipeline.compositionRequests.readValue();
    assertThat(composition.getUnavailableReason()).isEqualTo("NOT_AVAILABLE: file not found at path 'docs/gone.md'");
    assertThat(composition.getCandidatesVerified()).isZero();
  }

  @Test
  void retrieverFailureAnswersTheSeedsRetrieverError() {
    String queryId = Events.newQueryId();
    pipeline.ask(Events.find(queryId, "anything"));
    RetrievalRequested retrieval = pipeline.retrievalRequests.readValue();

    pipeline.failures.pipeInput(queryId, Events.failure(retrieval.getEnvelope(), "retriever",
        Topics.RETRIEVER_REQUESTS.name(), queryId, "index unavailable"));

    QueryResponse response = pipeline.responses.readValue();
    assertThat(response.getStatus()).isEqualTo(ResponseStatus.ERROR);
    assertThat(response.getMessage()).isEqualTo("ERROR: Retriever failed - index unavailable");
    assertNothingElseWritten();
  }

  @Test
  void composerFailureAnswersErrorNamingTheComposer() {
    String queryId = Events.newQueryId();
    pipeline.ask(Events.getFile(queryId, "a.md"));
    pipeline.retrieve(List.of(candidate("c1", "a.md", null, null, 1.0)));
    pipeline.extractAll();
    pipeline.verify(pipeline.verificationRequests.readValue(), true);
    CompositionRequested composition = pipeline.compositionRequests.readValue();

    pipeline.failures.pipeInput(queryId, Events.failure(composition.getEnvelope(), "composer",
        Topics.COMPOSER_REQUESTS.name(), queryId, "model returned invalid JSON"));

    assertThat(pipeline.responses.readValue().getMessage())
        .isEqualTo("ERROR: Composer failed - model returned invalid JSON");
  }

  @Test
  void failedAuditAnswersErrorNamingTheFirstRuleAndIsNotCached() {
    String queryId = Events.newQueryId();
    pipeline.ask(Events.getFile(queryId, "a.md"));
    pipeline.retrieve(List.of(candidate("c1", "a.md", null, null, 1.0)));
    pipeline.extractAll();
    pipeline.verify(pipeline.verificationRequests.readValue(), true);
    CompositionRequested composition = pipeline.compositionRequests.readValue();
    pipeline.compositions.pipeInput(queryId, Events.composed(composition));
    AuditRequested audit = pipeline.auditRequests.readValue();
    RuleViolation unverified = new RuleViolation("unverified_content",
        "data.file.content differs from the verified lines", "data.file.content");
    RuleViolation sources = new RuleViolation("missing_sources", "sources[] is empty", "sources");

    pipeline.audits.pipeInput(queryId, Events.audited(audit, unverified, sources));

    QueryResponse response = pipeline.responses.readValue();
    assertThat(response.getStatus()).isEqualTo(ResponseStatus.ERROR);
    assertThat(response.getMessage())
        .isEqualTo("ERROR: audit failed: unverified_content: data.file.content differs from the verified lines");
    assertThat(response.getViolations()).containsExactly(unverified, sources);
    assertThat(response.getData()).isEqualTo(QueryData.newBuilder().build());
    assertThat(response.getAudited()).isTrue();

    pipeline.ask(Events.getFile(Events.newQueryId(), "a.md"));
    pipeline.retrieve(List.of(candidate("c1", "a.md", null, null, 1.0)));
    assertThat(pipeline.extractionRequests.readValuesToList()).hasSize(1);
  }

  @Test
  void undecodableRecordIsDeadLetteredAndTheNextQueryStillRuns() {
    // The test driver drops a dead letter written inside an exactly-once transaction that commits
    // nothing else (the real producer does not); at-least-once lets it show what the handler wrote.
    pipeline.close();
    pipeline = new PipelineDriver(config, stateDir.resolve("alos"),
        Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE));
    byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
    pipeline.pipeRaw(Topics.QUERIES.name(), "q-garbage", garbage);

    KeyValue<String, DeadLetter> letter = pipeline.deadLetters.readKeyValue();
    assertThat(letter.value.getSourceTopic()).isEqualTo(Topics.QUERIES.name());
    assertThat(letter.value.getPayload().array()).isEqualTo(garbage);
    assertThat(letter.value.getReason()).contains("QueryRequested");
    assertThat(letter.value.getProducer()).isEqualTo(config.producer());

    String queryId = Events.newQueryId();
    pipeline.ask(Events.getFile(queryId, "a.md"));
    assertThat(pipeline.retrievalRequests.readKeyValue().key).isEqualTo(queryId);
  }

  @Test
  void aCandidateRecordOverTheSizeLimitEndsItsQueryInAnErrorNamingItAndTheNextQueryRuns() {
    restartWith(config.withMaxRecordBytes(20_000));
    String queryId = Events.newQueryId();
    pipeline.ask(Events.getFile(queryId, "medium.txt"));
    pipeline.retrieve(List.of(candidate("c1", "medium.txt", null, null, 1.0)));
    ExtractionRequested extraction = pipeline.extractionRequests.readValue();
    ExtractionCompleted extracted = Events.extracted(extraction, "z".repeat(30_000));
    pipeline.extractions.pipeInput(extracted.getCandidateId(), extracted);

    QueryResponse response = pipeline.responses.readValue();
    assertThat(response.getStatus()).isEqualTo(ResponseStatus.ERROR);
    assertThat(response.getMessage()).matches("ERROR: coordinator could not write CandidateState to store "
        + "candidates: 30\\d{3} bytes, above the 20000-byte record limit");
    assertThat(response.getEnvelope().getCorrelationId()).isEqualTo(queryId);
    DeadLetter letter = pipeline.deadLetters.readValue();
    assertThat(letter.getSourceTopic()).isEqualTo(Topics.EXTRACTOR_RESULTS.name());
    assertThat(letter.getReason()).isEqualTo(response.getMessage());
    assertThat(Topics.EXTRACTOR_RESULTS.valueSerde().decode(letter.getPayload().array())).isEqualTo(extracted);
    assertNothingElseWritten();

    assertThat(runGetFile(Events.newQueryId(), "small.md").getStatus()).isEqualTo(ResponseStatus.SUCCESS);
  }

  @Test
  void aQueryStateOverTheSizeLimitEndsTheQueryInAnErrorAndLaterResultsChangeNothing() {
    restartWith(config.withMaxRecordBytes(20_000));
    String queryId = Events.newQueryId();
    pipeline.ask(Events.find(queryId, "where"));
    pipeline.retrieve(List.of(candidate("c1", "a.py", 1, 9, 0.9), candidate("c2", "b.py", 1, 9, 0.8),
        candidate("c3", "c.py", 1, 9, 0.7)));
    for (ExtractionRequested extraction : pipeline.extractionRequests.readValuesToList()) {
      pipeline.extractions.pipeInput(extraction.getCandidate().getCandidateId(),
          Events.extracted(extraction, "w".repeat(8_000)));
    }
    List<VerificationRequested> verifications = pipeline.verificationRequests.readValuesToList();
    verifications.forEach(v -> pipeline.verify(v, true));

    // Two verified excerpts of 8,000 bytes fit the state; the third does not.
    QueryResponse response = pipeline.responses.readValue();
    assertThat(response.getStatus()).isEqualTo(ResponseStatus.ERROR);
    assertThat(response.getMessage()).matches("ERROR: coordinator could not write QueryProgressState to store "
        + "query-progress: 2\\d{4} bytes, above the 20000-byte record limit");
    assertThat(response.getAction()).isEqualTo(QueryAction.FIND);
    assertThat(pipeline.deadLetters.readValue().getSourceTopic()).endsWith("candidate-outcomes-repartition");
    assertThat(progressState(queryId).getStage()).as("only the answered marker is left")
        .isEqualTo(QueryStage.ANSWERED);

    pipeline.verify(verifications.getFirst(), true);
    pipeline.advance(config.timeouts().verification().plusSeconds(1));
    assertNothingElseWritten();
  }

  @Test
  void aStoredStateThatCannotBeReadEndsItsQueryInAnErrorNamingTheFailureAndTheNextQueryRuns() {
    KeyValueStore<String, QueryProgressState> store = pipeline.driver.getKeyValueStore(
        QueryCoordinator.QUERY_PROGRESS_STORE);
    String queryId = Events.newQueryId();
    pipeline.ask(Events.find(queryId, "where"));
    RetrievalRequested retrieval = pipeline.retrievalRequests.readValue();
    store.put(queryId, QueryProgressState.newBuilder(store.get(queryId))
        .setRequest(ByteBuffer.wrap("not a QueryRequested".getBytes(StandardCharsets.UTF_8))).build());

    RetrievalCompleted retrieved = Events.retrieved(retrieval, List.of(candidate("c1", "a.py", 1, 2, 0.9)));
    pipeline.retrievals.pipeInput(queryId, retrieved);

    QueryResponse response = pipeline.responses.readValue();
    assertThat(response.getStatus()).isEqualTo(ResponseStatus.ERROR);
    assertThat(response.getMessage()).startsWith("ERROR: coordinator failed processing RetrievalCompleted: "
        + "SerializationException: not an Avro single-object encoded QueryRequested");
    assertThat(response.getEnvelope().getCausationId()).isEqualTo(retrieved.getEnvelope().getEventId());
    DeadLetter letter = pipeline.deadLetters.readValue();
    assertThat(letter.getSourceTopic()).isEqualTo(Topics.RETRIEVER_RESULTS.name());
    assertThat(Topics.RETRIEVER_RESULTS.valueSerde().decode(letter.getPayload().array())).isEqualTo(retrieved);
    assertThat(progressState(queryId).getStage()).isEqualTo(QueryStage.ANSWERED);
    assertNothingElseWritten();

    assertThat(runGetFile(Events.newQueryId(), "small.md").getStatus()).isEqualTo(ResponseStatus.SUCCESS);
  }

  @Test
  void anOverdueStateThatCannotBeReadIsAnsweredAndDeadLetteredByTheDeadlineCheck() {
    String queryId = Events.newQueryId();
    pipeline.ask(Events.find(queryId, "where"));
    pipeline.retrievalRequests.readValue();
    KeyValueStore<String, QueryProgressState> store = pipeline.driver.getKeyValueStore(
        QueryCoordinator.QUERY_PROGRESS_STORE);
    QueryProgressState corrupt = QueryProgressState.newBuilder(store.get(queryId))
        .setRequest(ByteBuffer.wrap(new byte[] {1, 2, 3})).build();
    store.put(queryId, corrupt);

    pipeline.advance(config.timeouts().retrieval().plusSeconds(1));

    QueryResponse response = pipeline.responses.readValue();
    assertThat(response.getMessage()).startsWith("ERROR: coordinator failed processing the overdue stage: ");
    assertThat(response.getEnvelope().getCorrelationId()).isEqualTo(queryId);
    DeadLetter letter = pipeline.deadLetters.readValue();
    assertThat(letter.getSourceTopic()).isEqualTo(QueryCoordinator.QUERY_PROGRESS_STORE);
    assertThat(StateSerdes.of(QueryProgressState.class).decode(letter.getPayload().array())).isEqualTo(corrupt);
    assertThat(progressState(queryId).getStage()).isEqualTo(QueryStage.ANSWERED);
  }

  @Test
  void aQueryPublishedAgainAfterItsAnswerIsNotRunAgainUntilItsMarkerExpires() {
    String queryId = Events.newQueryId();
    QueryRequested query = Events.getFile(queryId, "a.md");
    pipeline.ask(query);
    pipeline.retrieve(List.of(candidate("c1", "a.md", null, null, 1.0)));
    pipeline.extractAll();
    pipeline.verify(pipeline.verificationRequests.readValue(), true);
    pipeline.composeAndPassAudit();
    assertThat(pipeline.responses.readValuesToList()).hasSize(1);

    pipeline.ask(query);
    pipeline.advance(Duration.ofMinutes(1));
    assertNothingElseWritten();
    assertThat(progressState(queryId).getStage()).isEqualTo(QueryStage.ANSWERED);

    // The marker is kept as long as a query can be run at all; a re-publish after that is too old to run.
    Duration maxQueryAge = new DeadlinePolicy(config.timeouts()).maxQueryAge();
    pipeline.advance(maxQueryAge);
    assertThat(progressState(queryId)).as("marker purged").isNull();
    pipeline.ask(query);
    assertThat(pipeline.responses.readValue().getMessage()).startsWith("ERROR: query expired");
    assertNothingElseWritten();
  }

  @Test
  void theDeadlineIndexHoldsOneEntryPerQueryInFlightAndOneMarkerPerAnsweredQuery() {
    String inFlight = Events.newQueryId();
    pipeline.ask(Events.find(inFlight, "anything"));
    pipeline.retrieve(List.of(candidate("c1", "a.py", 1, 2, 0.9)));
    pipeline.extractionRequests.readValue();
    runGetFile(Events.newQueryId(), "a.md");

    KeyValueStore<String, String> index = pipeline.driver.getKeyValueStore(QueryCoordinator.QUERY_DEADLINES_STORE);
    List<DeadlineIndex.Due> entries = new ArrayList<>();
    index.all().forEachRemaining(entry -> entries.add(DeadlineIndex.parse(entry.key)));

    assertThat(entries).extracting(DeadlineIndex.Due::kind)
        .containsExactlyInAnyOrder(DeadlineIndex.Kind.STAGE, DeadlineIndex.Kind.ANSWERED);
    assertThat(entries).filteredOn(due -> due.kind() == DeadlineIndex.Kind.STAGE).singleElement()
        .satisfies(due -> {
          assertThat(due.id()).isEqualTo(inFlight);
          assertThat(due.at()).isEqualTo(progressState(inFlight).getStageDeadline());
        });
  }

  @Test
  void everyRequestCarriesTheDeadlineOfTheStageThatWaitsForIt() {
    String queryId = Events.newQueryId();
    pipeline.ask(Events.explainWithCoaching(queryId, "How is the cache invalidated?"));
    RetrievalRequested retrieval = pipeline.retrieve(List.of(candidate("c1", "cache.py", 1, 5, 0.6)));
    ExtractionRequested extraction = pipeline.extractAll().getFirst();
    VerificationRequested verification = pipeline.verificationRequests.readValue();
    pipeline.verify(verification, true);
    SynthesisRequested synthesis = pipeline.synthesisRequests.readValue();
    pipeline.syntheses.pipeInput(queryId, Events.synthesized(synthesis));
    CompositionRequested composition = pipeline.composeAndPassAudit();
    StageTimeouts timeouts = config.timeouts();

    assertThat(retrieval.getEnvelope().getDeadline()).isEqualTo(pipeline.start.plus(timeouts.retrieval()));
    assertThat(extraction.getEnvelope().getDeadline()).isEqualTo(pipeline.start.plus(timeouts.verification()));
    assertThat(verification.getEnvelope().getDeadline()).isEqualTo(pipeline.start.plus(timeouts.verification()));
    assertThat(synthesis.getEnvelope().getDeadline()).isEqualTo(pipeline.start.plus(timeouts.synthesis()));
    assertThat(composition.getEnvelope().getDeadline()).isEqualTo(pipeline.start.plus(timeouts.composition()));
    assertThat(pipeline.lastAudit.getEnvelope().getDeadline()).isEqualTo(pipeline.start.plus(timeouts.audit()));
  }

  @Test
  void aQuerysOwnEarlierDeadlineIsTheDeadlineOfItsRequests() {
    Instant deadline = pipeline.start.plusSeconds(20);
    pipeline.ask(Events.query(Events.newQueryId(), QueryRole.ADMIN, QueryAction.GET_FILE).setPath("a.md")
        .setDeadline(deadline).build());
    RetrievalRequested retrieval = pipeline.retrieve(List.of(candidate("c1", "a.md", null, null, 1.0)));
    ExtractionRequested extraction = pipeline.extractAll().getFirst();

    assertThat(retrieval.getEnvelope().getDeadline()).isEqualTo(deadline);
    assertThat(extraction.getEnvelope().getDeadline()).isEqualTo(deadline);
    assertThat(pipeline.verificationRequests.readValue().getEnvelope().getDeadline()).isEqualTo(deadline);
  }

  @Test
  void duplicateQueryWhileInFlightIsRunOnce() {
    QueryRequested query = Events.getFile(Events.newQueryId(), "a.md");
    pipeline.ask(query);
    pipeline.ask(query);

    assertThat(pipeline.retrievalRequests.readValuesToList()).hasSize(1);
  }

  private void restartWith(CoordinatorConfig changed) {
    pipeline.close();
    config = changed;
    pipeline = new PipelineDriver(config, stateDir.resolve("restarted"));
  }

  /** Runs a get_file query through every stage with well-behaved roles; returns its response. */
  private QueryResponse runGetFile(String queryId, String path) {
    pipeline.ask(Events.getFile(queryId, path));
    pipeline.retrieve(List.of(candidate("c1", path, null, null, 1.0)));
    pipeline.extractAll();
    pipeline.verify(pipeline.verificationRequests.readValue(), true);
    pipeline.composeAndPassAudit();
    KeyValue<String, QueryResponse> response = pipeline.responses.readKeyValue();
    assertThat(response.key).isEqualTo(queryId);
    return response.value;
  }

  private void assertCausedBy(dev.orkestra.events.common.Envelope envelope, dev.orkestra.events.common.Envelope cause,
      String queryId) {
    assertThat(envelope.getCausationId()).isEqualTo(cause.getEventId());
    assertThat(envelope.getCorrelationId()).isEqualTo(queryId);
    assertThat(envelope.getProducer()).isEqualTo(config.producer());
    assertThat(envelope.getEventId()).isNotEqualTo(cause.getEventId());
  }

  private void assertNothingElseWritten() {
    assertThat(pipeline.retrievalRequests.isEmpty()).as("retrieval requests").isTrue();
    assertThat(pipeline.extractionRequests.isEmpty()).as("extraction requests").isTrue();
    assertThat(pipeline.verificationRequests.isEmpty()).as("verification requests").isTrue();
    assertThat(pipeline.synthesisRequests.isEmpty()).as("synthesis requests").isTrue();
    assertThat(pipeline.compositionRequests.isEmpty()).as("composition requests").isTrue();
    assertThat(pipeline.auditRequests.isEmpty()).as("audit requests").isTrue();
    assertThat(pipeline.responses.isEmpty()).as("responses").isTrue();
  }

  private static String idEndingWith(List<VerificationRequested> verifications, String suffix) {
    return verifications.stream().map(VerificationRequested::getCandidateId).filter(id -> id.endsWith(suffix))
        .findFirst().orElseThrow();
  }
}
