package dev.orkestra.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orkestra.events.common.ActionRecord;
import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.events.common.Failure;
import dev.orkestra.events.common.FailureKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Candidate;
import dev.orkestra.events.query.ExtractionCompleted;
import dev.orkestra.events.query.ExtractionRequested;
import dev.orkestra.events.query.ReadStatus;
import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.kafka.embedded.EmbeddedKafkaExtension;
import dev.orkestra.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The role-service loop against the real embedded broker: share groups, transactions, action log, dead letters. */
@ExtendWith(EmbeddedKafkaExtension.class)
class RoleServiceTest {

  private static final AvroSerde<ExtractionRequested> REQUESTS = AvroSerde.of(ExtractionRequested.class);
  private static final AvroSerde<ExtractionCompleted> RESULTS = AvroSerde.of(ExtractionCompleted.class);
  private static final AvroSerde<Failure> FAILURES = AvroSerde.of(Failure.class);
  private static final AvroSerde<DeadLetter> DEAD_LETTERS = AvroSerde.of(DeadLetter.class);

  private final EmbeddedKafkaBroker broker;
  private TestKafka.RoleTopics<ExtractionRequested, ExtractionCompleted> topics;
  private final AtomicInteger handlerRuns = new AtomicInteger();

  RoleServiceTest(EmbeddedKafkaBroker broker) {
    this.broker = broker;
  }

  @BeforeEach
  void createTopics() {
    topics = TestKafka.createRoleTopics(broker, "extractor", ExtractionRequested.class, ExtractionCompleted.class);
  }

  private final List<RoleService<?, ?>> started = new java.util.ArrayList<>();

  @AfterEach
  void stopServices() {
    started.forEach(RoleService::close);
  }

  @Test
  void roundTripsOneRequestToExactlyOneResult() {
    RoleService<ExtractionRequested, ExtractionCompleted> service = start(echo());
    ExtractionRequested request = publish("c1");

    ConsumerRecord<String, byte[]> record = TestKafka.awaitRecords(broker, topics.results().name(), 1).getFirst();
    ExtractionCompleted result = RESULTS.decode(record.value());

    assertThat(record.key()).isEqualTo("c1");
    assertThat(result.getCandidateId()).isEqualTo("c1");
    assertThat(result.getEnvelope().getCausationId()).isEqualTo(request.getEnvelope().getEventId());
    assertThat(result.getEnvelope().getCorrelationId()).isEqualTo(request.getEnvelope().getCorrelationId());
    assertThat(result.getEnvelope().getProducer()).startsWith("extractor@");
    await().untilAsserted(() -> assertThat(service.stats().acknowledged.get()).isEqualTo(1));
    assertThat(handlerRuns.get()).isEqualTo(1);
    assertThat(TestKafka.readAll(broker, topics.actionLog().name())).hasSize(1);
  }

  @Test
  void consumerKilledMidHandlerYieldsOneResultAndOneHandlerRun() throws Exception {
    HeldHandler blocking = new HeldHandler();
    RoleService<ExtractionRequested, ExtractionCompleted> first = start(blocking);
    publish("c1");
    blocking.awaitStarted();

    // The broker loses the consumer while the handler runs: the record is released for redelivery.
    first.simulateConsumerLoss();
    blocking.release();
    assertThat(first.awaitStopped(Duration.ofSeconds(60))).isTrue();
    assertThat(first.stats().completed.get()).isEqualTo(1);
    assertThat(first.stats().acknowledged.get()).isZero();

    // A second instance receives the redelivery and finds the result in the action log.
    RoleService<ExtractionRequested, ExtractionCompleted> second = start(blocking);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(second.stats().alreadyDone.get()).isEqualTo(1));
    await().untilAsserted(() -> assertThat(second.stats().acknowledged.get()).isEqualTo(1));

    assertThat(handlerRuns.get()).isEqualTo(1);
    assertThat(second.stats().completed.get()).isZero();
    assertThat(TestKafka.readAll(broker, topics.results().name())).hasSize(1);
  }

  @Test
  void aFirstDeliveryThatAnotherInstanceCommittedIsNotWrittenAgainThoughTheViewLags() throws Exception {
    // A broker restart forgets delivery counts: a request another instance already committed comes
    // back as a first delivery, which the processor checks in memory only. Here the other instance's
    // commit lands behind 45 MB of other entries, so this instance's view is still reading when the
    // handler returns: the write must read the log to its end first.
    HeldHandler held = new HeldHandler();
    RoleService<ExtractionRequested, ExtractionCompleted> service = start(held);
    ExtractionRequested request = publish("c1");
    held.awaitStarted();

    String actionKey = ActionLogView.key("extractor", request.getEnvelope().getEventId());
    commitAsAnotherInstance(actionKey, request, 50, 900 * 1024);
    held.release();

    TestKafka.awaitQuiesced(broker.bootstrapServers(), "group-" + topics.requests().name(), topics.requests().name(),
        Duration.ofSeconds(2), topics.results().name(), topics.actionLog().name());
    assertThat(handlerRuns).hasValue(1);
    assertThat(TestKafka.readAll(broker, topics.results().name())).as("results").hasSize(1);
    assertThat(TestKafka.readAll(broker, topics.actionLog().name())).filteredOn(r -> actionKey.equals(r.key()))
        .as("OUTCOME entries of the request").hasSize(1);
    assertThat(service.stats().acknowledged.get()).isEqualTo(1);
  }

  /** What {@link OutcomeWriter} of a second instance writes, behind {@code fillers} entries of another role. */
  private void commitAsAnotherInstance(String actionKey, ExtractionRequested request, int fillers, int fillerBytes) {
    try (KafkaProducer<String, byte[]> producer = transactionalProducer("another-instance")) {
      producer.beginTransaction();
      for (int i = 0; i < fillers; i++) {
        producer.send(new ProducerRecord<>(topics.actionLog().name(), "another-role:filler-" + i, new byte[fillerBytes]));
      }
      ExtractionCompleted result = ExtractionCompleted.newBuilder()
          .setEnvelope(Envelopes.reply(request.getEnvelope(), "extractor@another"))
          .setCandidateId("c1")
          .setStatus(ReadStatus.NOT_FOUND)
          .setFailureReason("written by another instance")
          .build();
      producer.send(new ProducerRecord<>(topics.results().name(), "c1", RESULTS.encode(result)));
      producer.send(new ProducerRecord<>(topics.actionLog().name(), actionKey, AvroSerde.of(ActionRecord.class).encode(
          OutcomeWriter.outcomeEntry(actionKey, "extractor", topics.results().name(), "c1", List.of()))));
      producer.commitTransaction();
    }
  }

  @Test
  void garbageGoesToTheDeadLetterTopicAndTheWorkerKeepsGoing() {
    RoleService<ExtractionRequested, ExtractionCompleted> service = start(echo());
    TestKafka.produce(broker, topics.requests().name(), "junk", "definitely not avro".getBytes(StandardCharsets.UTF_8));
    publish("c2");

    ConsumerRecord<String, byte[]> letter = TestKafka.awaitRecords(broker, topics.deadLetters().name(), 1).getFirst();
    DeadLetter deadLetter = DEAD_LETTERS.decode(letter.value());
    assertThat(header(letter, DeadLetters.REASON)).contains("expected header C3 01");
    assertThat(header(letter, DeadLetters.SOURCE_TOPIC)).isEqualTo(topics.requests().name());
    assertThat(header(letter, DeadLetters.SOURCE_PARTITION)).isEqualTo(Integer.toString(deadLetter.getSourcePartition()));
    assertThat(header(letter, DeadLetters.SOURCE_OFFSET)).isEqualTo(Long.toString(deadLetter.getSourceOffset()));
    assertThat(new String(deadLetter.getPayload().array(), StandardCharsets.UTF_8)).isEqualTo("definitely not avro");

    ExtractionCompleted result = RESULTS.decode(TestKafka.awaitRecords(broker, topics.results().name(), 1).getFirst().value());
    assertThat(result.getCandidateId()).isEqualTo("c2");
    await().untilAsserted(() -> assertThat(service.stats().acknowledged.get()).isEqualTo(2));
  }

  @Test
  void transientFailuresAreRetriedUntilTheHandlerSucceeds() {
    start(request -> {
      if (handlerRuns.incrementAndGet() < 3) {
        throw new TransientFailureException("model endpoint busy");
      }
      return completed(request);
    });
    publish("c3");

    assertThat(TestKafka.awaitRecords(broker, topics.results().name(), 1)).hasSize(1);
    assertThat(handlerRuns.get()).isEqualTo(3);
    assertThat(TestKafka.readAll(broker, topics.failures().name())).isEmpty();
  }

  @Test
  void permanentFailureBecomesAFailureEventWithoutRetryOrDeadLetter() {
    start(request -> {
      handlerRuns.incrementAndGet();
      throw new InvalidRequestException("path", "must be relative, was '/etc/passwd'");
    });
    ExtractionRequested request = publish("c4");

    Failure failure = FAILURES.decode(TestKafka.awaitRecords(broker, topics.failures().name(), 1).getFirst().value());
    assertThat(failure.getKind()).isEqualTo(FailureKind.INVALID_REQUEST);
    assertThat(failure.getReason()).isEqualTo("invalid path: must be relative, was '/etc/passwd'");
    assertThat(failure.getCode()).isEqualTo("invalid_path");
    assertThat(failure.getEnvelope().getCausationId()).isEqualTo(request.getEnvelope().getEventId());
    assertThat(failure.getSubjectId()).isEqualTo("c4");
    assertThat(handlerRuns.get()).isEqualTo(1);
    assertThat(TestKafka.readAll(broker, topics.deadLetters().name())).isEmpty();
    assertThat(TestKafka.readAll(broker, topics.results().name())).isEmpty();
  }

  @Test
  void exhaustedRetriesReportAFailureAndKeepTheRequestAsADeadLetter() {
    start(request -> {
      handlerRuns.incrementAndGet();
      throw new IllegalStateException("parser crashed");
    });
    publish("c5");

    Failure failure = FAILURES.decode(TestKafka.awaitRecords(broker, topics.failures().name(), 1).getFirst().value());
    assertThat(failure.getKind()).isEqualTo(FailureKind.UNKNOWN);
    assertThat(failure.getAttempts()).isEqualTo(3);
    assertThat(failure.getReason()).contains("after 3 attempts").contains("parser crashed");
    ConsumerRecord<String, byte[]> letter = TestKafka.awaitRecords(broker, topics.deadLetters().name(), 1).getFirst();
    assertThat(header(letter, DeadLetters.REASON)).contains("parser crashed");
    assertThat(REQUESTS.decode(DEAD_LETTERS.decode(letter.value()).getPayload().array()).getCandidate().getCandidateId())
        .isEqualTo("c5");
    assertThat(handlerRuns.get()).isEqualTo(3);
  }

  @Test
  void gracefulShutdownFinishesAndAcknowledgesInFlightWork() throws Exception {
    HeldHandler held = new HeldHandler();
    RoleService<ExtractionRequested, ExtractionCompleted> service = start(held);
    publish("c6");
    held.awaitStarted();

    Thread closer = Thread.ofPlatform().start(service::close);
    await().until(() -> closer.getState() == Thread.State.WAITING || closer.getState() == Thread.State.TIMED_WAITING);
    held.release();
    closer.join(Duration.ofSeconds(60));

    assertThat(closer.isAlive()).isFalse();
    assertThat(service.stats().completed.get()).isEqualTo(1);
    assertThat(service.stats().acknowledged.get()).isEqualTo(1);
    assertThat(TestKafka.readAll(broker, topics.results().name())).hasSize(1);
  }

  @Test
  void requestsOfAbortedTransactionsAreNeverHandled() throws Exception {
    RoleService<ExtractionRequested, ExtractionCompleted> service = start(echo());
    ExtractionRequested aborted = request("c7");
    ExtractionRequested committed = request("c8");
    try (KafkaProducer<String, byte[]> producer = transactionalProducer("test-coordinator")) {
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topics.requests().name(), "c7", REQUESTS.encode(aborted))).get();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topics.requests().name(), "c8", REQUESTS.encode(committed)));
      producer.commitTransaction();
    }

    ExtractionCompleted result = RESULTS.decode(TestKafka.awaitRecords(broker, topics.results().name(), 1).getFirst().value());
    assertThat(result.getCandidateId()).isEqualTo("c8");
    await().untilAsserted(() -> assertThat(service.stats().acknowledged.get()).isEqualTo(1));
    assertThat(handlerRuns.get()).isEqualTo(1);
  }

  @Test
  void workOutlivingTheLockIsContinuedInANewDeliveryAndJoinedThereNotRedone() {
    // Long work that survives its attempt, as an indexing run or a model call does: started once per request.
    Map<String, java.util.concurrent.CompletableFuture<Void>> runs = new java.util.concurrent.ConcurrentHashMap<>();
    RoleHandler<ExtractionRequested, ExtractionCompleted> slow = request -> {
      runs.computeIfAbsent(request.envelope().getEventId(), id -> {
        handlerRuns.incrementAndGet();
        return java.util.concurrent.CompletableFuture.runAsync(() -> { }, 
            java.util.concurrent.CompletableFuture.delayedExecutor(7, TimeUnit.SECONDS));
      }).get();
      return completed(request);
    };
    RoleService<ExtractionRequested, ExtractionCompleted> service = start(slow, b -> b.lockDuration(Duration.ofSeconds(2)));
    publish("c9");

    TestKafka.awaitRecords(broker, topics.results().name(), 1);
    TestKafka.awaitQuiesced(broker.bootstrapServers(), "group-" + topics.requests().name(), topics.requests().name(),
        Duration.ofSeconds(3), topics.results().name(), topics.actionLog().name());

    assertThat(handlerRuns).hasValue(1);
    assertThat(TestKafka.readAll(broker, topics.results().name())).hasSize(1);
    // Seven seconds of work in deliveries of 1.6 s: at least three continuations, each a copy of the request.
    assertThat(service.stats().continued.get()).isGreaterThanOrEqualTo(3);
    assertThat(TestKafka.readAll(broker, topics.requests().name())).hasSize(1 + (int) service.stats().continued.get());
    assertThat(TestKafka.readAll(broker, topics.failures().name())).isEmpty();
  }

  @Test
  void whileOneLaneWaitsOnALongHandlerTheOtherLaneKeepsTakingWork() throws Exception {
    CountDownLatch longOneStarted = new CountDownLatch(1);
    CountDownLatch releaseLongOne = new CountDownLatch(1);
    RoleService<ExtractionRequested, ExtractionCompleted> service = start(request -> {
      handlerRuns.incrementAndGet();
      if (request.value().getCandidate().getCandidateId().equals("long")) {
        longOneStarted.countDown();
        releaseLongOne.await();
      }
      return completed(request);
    }, b -> b.concurrency(2).lanes(2).lockDuration(Duration.ofSeconds(30)));
    publish("long");
    assertThat(longOneStarted.await(60, TimeUnit.SECONDS)).isTrue();
    publish("q1");
    publish("q2");
    publish("q3");

    // Three quick answers while the long one still runs: the other lane took them.
    TestKafka.awaitRecords(broker, topics.results().name(), 3);
    assertThat(releaseLongOne.getCount()).isOne();
    releaseLongOne.countDown();
    TestKafka.awaitRecords(broker, topics.results().name(), 4);
    TestKafka.awaitQuiesced(broker.bootstrapServers(), "group-" + topics.requests().name(), topics.requests().name(),
        Duration.ofSeconds(3), topics.results().name());
    assertThat(TestKafka.readAll(broker, topics.results().name())).hasSize(4);
    assertThat(handlerRuns).hasValue(4);
  }

  @Test
  void aRequestArrivingAfterItsDeadlineIsDroppedAndRecordedAsDone() {
    start(echo());
    ExtractionRequested late = ExtractionRequested.newBuilder(request("c10"))
        .setEnvelope(dev.orkestra.events.common.Envelope.newBuilder(request("c10").getEnvelope())
            .setDeadline(java.time.Instant.now().minusSeconds(1)).build())
        .build();
    TestKafka.produce(broker, topics.requests().name(), "c10", REQUESTS.encode(late));

    Failure failure = FAILURES.decode(TestKafka.awaitRecords(broker, topics.failures().name(), 1).getFirst().value());
    assertThat(failure.getKind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(failure.getCode()).isEqualTo("deadline_passed");
    assertThat(failure.getEnvelope().getCausationId()).isEqualTo(late.getEnvelope().getEventId());
    TestKafka.awaitQuiesced(broker.bootstrapServers(), "group-" + topics.requests().name(), topics.requests().name(),
        Duration.ofSeconds(2), topics.failures().name(), topics.actionLog().name());
    assertThat(handlerRuns).hasValue(0);
    assertThat(TestKafka.readAll(broker, topics.deadLetters().name())).isEmpty();
    assertThat(TestKafka.readAll(broker, topics.actionLog().name())).hasSize(1);
  }

  // ---- helpers ----

  /** A producer with transactions initialised under a fresh transactional id starting with {@code name}. */
  private KafkaProducer<String, byte[]> transactionalProducer(String name) {
    KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, name + "-" + UUID.randomUUID()),
        new StringSerializer(), new ByteArraySerializer());
    producer.initTransactions();
    return producer;
  }

  /** A handler that says when it has started and returns only once released. */
  private final class HeldHandler implements RoleHandler<ExtractionRequested, ExtractionCompleted> {
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    @Override
    public ExtractionCompleted handle(RoleRequest<ExtractionRequested> request) throws Exception {
      started.countDown();
      released.await();
      return echo().handle(request);
    }

    void awaitStarted() throws InterruptedException {
      assertThat(started.await(60, TimeUnit.SECONDS)).as("handler started").isTrue();
    }

    void release() {
      released.countDown();
    }
  }

  private RoleHandler<ExtractionRequested, ExtractionCompleted> echo() {
    return request -> {
      handlerRuns.incrementAndGet();
      return completed(request);
    };
  }

  private static ExtractionCompleted completed(RoleRequest<ExtractionRequested> request) {
    return ExtractionCompleted.newBuilder()
        .setEnvelope(request.replyEnvelope())
        .setCandidateId(request.value().getCandidate().getCandidateId())
        .setStatus(ReadStatus.NOT_FOUND)
        .setFailureReason("test handler reads nothing")
        .build();
  }

  private RoleService<ExtractionRequested, ExtractionCompleted> start(
      RoleHandler<ExtractionRequested, ExtractionCompleted> handler) {
    return start(handler, b -> b);
  }

  private RoleService<ExtractionRequested, ExtractionCompleted> start(
      RoleHandler<ExtractionRequested, ExtractionCompleted> handler,
      java.util.function.UnaryOperator<RoleServiceConfig.Builder<ExtractionRequested, ExtractionCompleted>> tune) {
    RoleServiceConfig<ExtractionRequested, ExtractionCompleted> config = tune.apply(RoleServiceConfig
        .builder("extractor", broker.bootstrapServers(), topics.requests(), topics.results())
        .sharedTopics(topics.failures(), topics.deadLetters(), topics.actionLog())
        .retries(3, new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2.0))
        .groupId("group-" + topics.requests().name()))
        .build();
    RoleService<ExtractionRequested, ExtractionCompleted> service = new RoleService<>(config, handler).start();
    started.add(service);
    return service;
  }

  private ExtractionRequested publish(String candidateId) {
    ExtractionRequested request = request(candidateId);
    TestKafka.produce(broker, topics.requests().name(), candidateId, REQUESTS.encode(request));
    return request;
  }

  private static ExtractionRequested request(String candidateId) {
    return ExtractionRequested.newBuilder()
        .setEnvelope(Envelopes.start("query-" + UUID.randomUUID(), "test"))
        .setRepo(RepoRef.newBuilder().setRepo("fixtures/demo").setCommitSha("0123456789abcdef").build())
        .setCandidate(Candidate.newBuilder().setCandidateId(candidateId).setPath("README.md").build())
        .build();
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
