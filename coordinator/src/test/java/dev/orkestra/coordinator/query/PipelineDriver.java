package dev.orkestra.coordinator.query;

import dev.orkestra.coordinator.CoordinatorConfig;
import dev.orkestra.coordinator.StreamsProperties;
import dev.orkestra.coordinator.query.state.CachedAnswer;
import dev.orkestra.coordinator.streams.DriverTopics;
import dev.orkestra.coordinator.streams.StateSerdes;
import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.events.common.Failure;
import dev.orkestra.events.query.AuditCompleted;
import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.CompositionCompleted;
import dev.orkestra.events.query.CompositionRequested;
import dev.orkestra.events.query.ExtractionCompleted;
import dev.orkestra.events.query.ExtractionRequested;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryResponse;
import dev.orkestra.events.query.RetrievalCompleted;
import dev.orkestra.events.query.RetrievalRequested;
import dev.orkestra.events.query.SynthesisCompleted;
import dev.orkestra.events.query.SynthesisRequested;
import dev.orkestra.events.query.VerificationCompleted;
import dev.orkestra.events.query.VerificationRequested;
import dev.orkestra.topics.TopicSpec;
import dev.orkestra.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The coordinator topology in a TopologyTestDriver, with every topic it reads and writes. */
final class PipelineDriver implements AutoCloseable {

  final TopologyTestDriver driver;
  /** The driver's wall clock at creation: deadlines and ages are relative to it. */
  final Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  final TestInputTopic<String, QueryRequested> queries;
  final TestInputTopic<String, RetrievalCompleted> retrievals;
  final TestInputTopic<String, ExtractionCompleted> extractions;
  final TestInputTopic<String, VerificationCompleted> verifications;
  final TestInputTopic<String, SynthesisCompleted> syntheses;
  final TestInputTopic<String, CompositionCompleted> compositions;
  final TestInputTopic<String, AuditCompleted> audits;
  final TestInputTopic<String, Failure> failures;
  final TestOutputTopic<String, RetrievalRequested> retrievalRequests;
  final TestOutputTopic<String, ExtractionRequested> extractionRequests;
  final TestOutputTopic<String, VerificationRequested> verificationRequests;
  final TestOutputTopic<String, SynthesisRequested> synthesisRequests;
  final TestOutputTopic<String, CompositionRequested> compositionRequests;
  final TestOutputTopic<String, AuditRequested> auditRequests;
  final TestOutputTopic<String, QueryResponse> responses;
  final TestOutputTopic<String, DeadLetter> deadLetters;
  /** The coordinator's own answer-cache topic: audited answers, and tombstones for expired ones. */
  final TestOutputTopic<String, CachedAnswer> cachedAnswers;

  PipelineDriver(CoordinatorConfig config, Path stateDir) {
    this(config, stateDir, Map.of());
  }

  /** With Streams settings overridden, e.g. to see what the driver cannot show under exactly-once. */
  PipelineDriver(CoordinatorConfig config, Path stateDir, Map<String, String> overrides) {
    Properties props = StreamsProperties.of(config, "ttd:9092", stateDir, 1);
    props.putAll(overrides);
    driver = new TopologyTestDriver(new QueryCoordinator(config).topology(), props, start);
    queries = input(Topics.QUERIES);
    retrievals = input(Topics.RETRIEVER_RESULTS);
    extractions = input(Topics.EXTRACTOR_RESULTS);
    verifications = input(Topics.VERIFIER_RESULTS);
    syntheses = input(Topics.SYNTHESIZER_RESULTS);
    compositions = input(Topics.COMPOSER_RESULTS);
    audits = input(Topics.AUDITOR_RESULTS);
    failures = input(Topics.FAILURES);
    retrievalRequests = output(Topics.RETRIEVER_REQUESTS);
    extractionRequests = output(Topics.EXTRACTOR_REQUESTS);
    verificationRequests = output(Topics.VERIFIER_REQUESTS);
    synthesisRequests = output(Topics.SYNTHESIZER_REQUESTS);
    compositionRequests = output(Topics.COMPOSER_REQUESTS);
    auditRequests = output(Topics.AUDITOR_REQUESTS);
    responses = output(Topics.RESPONSES);
    deadLetters = output(Topics.DEAD_LETTERS);
    cachedAnswers = driver.createOutputTopic(QueryCoordinator.answerCacheTopic(config.applicationId()),
        new StringDeserializer(), StateSerdes.of(CachedAnswer.class).deserializer());
  }

  void ask(QueryRequested query) {
    queries.pipeInput(query.getEnvelope().getCorrelationId(), query);
  }

  /** Moves the driver's wall clock, firing the deadline punctuator. */
  void advance(Duration duration) {
    driver.advanceWallClockTime(duration);
  }

  /** Raw bytes onto a topic the coordinator reads, as a broken producer would write them. */
  void pipeRaw(String topic, String key, byte[] value) {
    driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer()).pipeInput(key, value);
  }

  /** Answers the single pending retrieval request with {@code candidates} found. */
  RetrievalRequested retrieve(List<dev.orkestra.events.query.Candidate> candidates) {
    RetrievalRequested request = retrievalRequests.readValue();
    retrievals.pipeInput(request.getEnvelope().getCorrelationId(), Events.retrieved(request, candidates));
    return request;
  }

  /** Extracts every pending extraction request; returns the requests. */
  List<ExtractionRequested> extractAll() {
    List<ExtractionRequested> requests = extractionRequests.readValuesToList();
    for (ExtractionRequested request : requests) {
      extractions.pipeInput(request.getCandidate().getCandidateId(), Events.extracted(request));
    }
    return requests;
  }

  void verify(VerificationRequested request, boolean match) {
    verifications.pipeInput(request.getCandidateId(), Events.verified(request, match));
  }

  /** The audit request {@link #composeAndPassAudit} answered last. */
  AuditRequested lastAudit;

  /** Composes the pending composition request, then passes its audit; returns the composition request. */
  CompositionRequested composeAndPassAudit() {
    CompositionRequested composition = compositionRequests.readValue();
    compositions.pipeInput(composition.getEnvelope().getCorrelationId(), Events.composed(composition));
    AuditRequested audit = auditRequests.readValue();
    lastAudit = audit;
    audits.pipeInput(audit.getEnvelope().getCorrelationId(), Events.audited(audit));
    return composition;
  }

  private <V extends SpecificRecord> TestInputTopic<String, V> input(TopicSpec<V> spec) {
    return DriverTopics.input(driver, spec);
  }

  private <V extends SpecificRecord> TestOutputTopic<String, V> output(TopicSpec<V> spec) {
    return DriverTopics.output(driver, spec);
  }

  @Override
  public void close() {
    driver.close();
  }
}
