package dev.orkestra.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.FailureKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Candidate;
import dev.orkestra.events.query.ExtractionCompleted;
import dev.orkestra.events.query.ExtractionRequested;
import dev.orkestra.events.query.ReadStatus;
import dev.orkestra.serde.AvroSerde;
import dev.orkestra.topics.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The decisions made for one request record, without Kafka: the action log, the delivery limit, deadlines. */
class RequestProcessorTest {

  private static final AvroSerde<ExtractionRequested> REQUESTS = AvroSerde.of(ExtractionRequested.class);
  private static final TopicSpec<ExtractionRequested> REQUEST_TOPIC =
      new TopicSpec<>("test.requests", ExtractionRequested.class, 1, TopicSpec.Cleanup.DELETE, "test");
  private static final TopicSpec<ExtractionCompleted> RESULT_TOPIC =
      new TopicSpec<>("test.results", ExtractionCompleted.class, 1, TopicSpec.Cleanup.DELETE, "test");

  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicInteger runs = new AtomicInteger();

  @AfterEach
  void stop() {
    workers.shutdownNow();
  }

  @Test
  void aRedeliveryTheActionLogCannotJudgeIsReleasedForLater() throws Exception {
    Outcome outcome = processor(unavailableLog(), echo()).process(record(request(null), 2));

    assertThat(outcome).isInstanceOf(Outcome.Unprocessed.class);
    assertThat(runs).hasValue(0);
  }

  @Test
  void theDeliveryLimitHoldsEvenWhenTheActionLogCannotBeRead() throws Exception {
    Outcome outcome = processor(unavailableLog(), echo()).process(record(request(null), 4));

    Outcome.Failed failed = (Outcome.Failed) outcome;
    assertThat(failed.failure().getCode()).isEqualTo("redelivery_limit");
    assertThat(failed.failure().getReason()).contains("delivered 4 times").contains("action log could not be read");
    assertThat(failed.deadLetter()).isNotNull();
    assertThat(runs).hasValue(0);
  }

  @Test
  void aRequestHandledBeforeIsAcknowledgedWithoutRunningTheHandler() throws Exception {
    Outcome outcome = processor(logContainingEverything(), echo()).process(record(request(null), 2));

    assertThat(outcome).isInstanceOf(Outcome.AlreadyDone.class);
    assertThat(runs).hasValue(0);
  }

  @Test
  void aRequestPastItsDeadlineIsDroppedWithATimeoutFailureAndNoDeadLetter() throws Exception {
    Outcome outcome = processor(emptyLog(), echo())
        .process(record(request(Instant.now().minusSeconds(5)), 1));

    Outcome.Failed failed = (Outcome.Failed) outcome;
    assertThat(failed.failure().getKind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(failed.failure().getCode()).isEqualTo("deadline_passed");
    assertThat(failed.failure().getReason()).contains("after its deadline");
    assertThat(failed.deadLetter()).isNull();
    assertThat(runs).hasValue(0);
  }

  @Test
  void anAttemptIsCutShortAtTheDeadlineAndNotRetriedPastIt() throws Exception {
    RoleHandler<ExtractionRequested, ExtractionCompleted> slow = slow();
    long started = System.nanoTime();
    Outcome outcome = processor(emptyLog(), slow).process(record(request(Instant.now().plusMillis(700)), 1));

    Outcome.Failed failed = (Outcome.Failed) outcome;
    assertThat(failed.failure().getKind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(failed.failure().getReason()).contains("passed its deadline");
    assertThat(runs).hasValue(1);
    // The handler timeout is 30 s: only the deadline can have ended it this soon.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aRequestWithoutDeadlineIsContinuedUpToTheRolesBoundThenFailed() throws Exception {
    RequestProcessor<ExtractionRequested, ExtractionCompleted> processor = processor(emptyLog(), slow(), 3);

    Outcome third = processor.process(continued(record(request(null), 1), 2), Instant.now().plusMillis(200));
    Outcome fourth = processor.process(continued(record(request(null), 1), 3), Instant.now().plusMillis(200));

    assertThat(third).isInstanceOfSatisfying(Outcome.Continued.class, c -> assertThat(c.continuation()).isEqualTo(3));
    Outcome.Failed failed = (Outcome.Failed) fourth;
    assertThat(failed.failure().getCode()).isEqualTo("too_long");
    assertThat(failed.failure().getReason()).contains("did not finish in 3 deliveries");
  }

  // ---- helpers ----

  private static ConsumerRecord<String, byte[]> continued(ConsumerRecord<String, byte[]> record, int continuation) {
    record.headers().add(Continuations.HEADER, Integer.toString(continuation).getBytes(StandardCharsets.UTF_8));
    return record;
  }

  private RequestProcessor<ExtractionRequested, ExtractionCompleted> processor(HandledRequests log,
      RoleHandler<ExtractionRequested, ExtractionCompleted> handler) {
    return processor(log, handler, RoleServiceConfig.DEFAULT_MAX_CONTINUATIONS);
  }

  private RequestProcessor<ExtractionRequested, ExtractionCompleted> processor(HandledRequests log,
      RoleHandler<ExtractionRequested, ExtractionCompleted> handler, int maxContinuations) {
    RoleServiceConfig<ExtractionRequested, ExtractionCompleted> config = RoleServiceConfig
        .builder("extractor", "localhost:1", REQUEST_TOPIC, RESULT_TOPIC)
        .handlerTimeout(Duration.ofSeconds(30))
        .maxContinuations(maxContinuations)
        .retries(3, new Backoff(Duration.ofMillis(10), Duration.ofMillis(20), 2.0))
        .build();
    return new RequestProcessor<>(config, handler, log, CallJournal.UNRECORDED, workers, Clock.systemUTC());
  }

  /** A handler whose work (30 s) outlives any deadline or delivery of these tests. */
  private RoleHandler<ExtractionRequested, ExtractionCompleted> slow() {
    return request -> {
      runs.incrementAndGet();
      Thread.sleep(Duration.ofSeconds(30));
      return completed(request);
    };
  }

  private RoleHandler<ExtractionRequested, ExtractionCompleted> echo() {
    return request -> {
      runs.incrementAndGet();
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

  private static HandledRequests emptyLog() {
    return fixedLog(false);
  }

  private static HandledRequests logContainingEverything() {
    return fixedLog(true);
  }

  private static HandledRequests fixedLog(boolean contains) {
    return new HandledRequests() {
      @Override
      public boolean containsNow(String key) {
        return contains;
      }

      @Override
      public boolean containsAfterCatchUp(String key, Duration timeout) {
        return contains;
      }
    };
  }

  private static HandledRequests unavailableLog() {
    return new HandledRequests() {
      @Override
      public boolean containsNow(String key) {
        return false;
      }

      @Override
      public boolean containsAfterCatchUp(String key, Duration timeout) throws ActionLogView.UnavailableException {
        throw new ActionLogView.UnavailableException("action log test did not catch up within PT30S", null);
      }
    };
  }

  private static ExtractionRequested request(Instant deadline) {
    return ExtractionRequested.newBuilder()
        .setEnvelope(dev.orkestra.events.common.Envelope.newBuilder(Envelopes.start("query-" + UUID.randomUUID(), "test"))
            .setDeadline(deadline).build())
        .setRepo(RepoRef.newBuilder().setRepo("fixtures/demo").build())
        .setCandidate(Candidate.newBuilder().setCandidateId("c1").setPath("README.md").build())
        .build();
  }

  private static ConsumerRecord<String, byte[]> record(ExtractionRequested request, int deliveries) {
    return new ConsumerRecord<>(REQUEST_TOPIC.name(), 0, 7L, 0L, TimestampType.CREATE_TIME, 2, 10, "c1",
        REQUESTS.encode(request), new RecordHeaders(), Optional.empty(), Optional.of((short) deliveries));
  }
}
