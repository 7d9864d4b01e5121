package dev.orkestra.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.langchain4j.data.message.UserMessage;
import dev.orkestra.events.common.ActionKind;
import dev.orkestra.events.common.ActionRecord;
import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Coaching;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.SynthesisCompleted;
import dev.orkestra.events.query.SynthesisRequested;
import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.kafka.embedded.EmbeddedKafkaExtension;
import dev.orkestra.models.ModelCall;
import dev.orkestra.models.ModelRegistry;
import dev.orkestra.runtime.testing.JavaProcess;
import dev.orkestra.runtime.testing.ScriptedModelEndpoint;
import dev.orkestra.serde.AvroSerde;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model call interrupted at each point of a request's handling is paid exactly once: the model
 * (a real langchain4j OpenAI client against {@link ScriptedModelEndpoint}) is asked once, the one
 * result reports the call's usage once, and a replay says so ({@code replayed}). Crashes are SIGKILL
 * of a role process ({@link OnceOnlyRoleMain}); the instance that takes over is another process.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ModelCallOnceTest {

  private static final AvroSerde<SynthesisRequested> REQUESTS = AvroSerde.of(SynthesisRequested.class);
  private static final AvroSerde<SynthesisCompleted> RESULTS = AvroSerde.of(SynthesisCompleted.class);
  private static final AvroSerde<ActionRecord> ENTRIES = AvroSerde.of(ActionRecord.class);

  private final EmbeddedKafkaBroker broker;
  private TestKafka.RoleTopics<SynthesisRequested, SynthesisCompleted> topics;
  private String prefix;
  private String group;
  private ScriptedModelEndpoint model;
  private Path models;
  private final List<JavaProcess> processes = new ArrayList<>();
  private final List<AutoCloseable> services = new ArrayList<>();

  @TempDir
  Path dir;

  ModelCallOnceTest(EmbeddedKafkaBroker broker) {
    this.broker = broker;
  }

  @BeforeEach
  void setUp() {
    topics = TestKafka.createRoleTopics(broker, "synthesizer", SynthesisRequested.class, SynthesisCompleted.class);
    prefix = topics.requests().name().substring(0, topics.requests().name().length() - ".requests".length());
    group = "group-" + prefix;
    model = ScriptedModelEndpoint.start();
    models = model.writeModels(dir, OnceOnlyRoleMain.MODEL);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (JavaProcess process : processes) {
      process.close();
    }
    for (AutoCloseable service : services) {
      service.close();
    }
    model.close();
  }

  @Test
  void killedBeforeTheCallTheNextInstanceCallsOnce() throws Exception {
    JavaProcess first = role("before-call");
    SynthesisRequested request = publish("before the call");
    first.awaitLine("PAUSED before-call"::equals, Duration.ofSeconds(60));
    first.kill();
    role("none");

    SynthesisCompleted result = theOneResult();
    assertThat(model.callsFor("before the call")).isEqualTo(1);
    assertThat(result.getUsage()).singleElement().satisfies(usage -> assertThat(usage.getReplayed()).isFalse());
    assertThat(result.getEnvelope().getCausationId()).isEqualTo(request.getEnvelope().getEventId());
  }

  @Test
  void anAttemptThatTimesOutDuringTheCallLeavesItRunningAndTheRetryTakesItsAnswer() throws Exception {
    model.holdNext(1, Duration.ofSeconds(4));
    ModelRegistry registry = ModelRegistry.load(models);
    services.add(new RoleService<>(config().handlerTimeout(Duration.ofMillis(1500))
        .retries(5, new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2.0)).build(),
        request -> coaching(request, request.callModel(registry, call(request)))).start());
    publish("during the call");

    SynthesisCompleted result = theOneResult();
    assertThat(model.callsFor("during the call")).isEqualTo(1);
    assertThat(result.getCoaching().getText()).isEqualTo("answer: during the call");
    // The attempt that timed out paid; the one that answered took the recorded answer.
    assertThat(result.getUsage()).singleElement().satisfies(usage -> {
      assertThat(usage.getReplayed()).isTrue();
      assertThat(usage.getInputTokens()).isEqualTo(ScriptedModelEndpoint.PROMPT_TOKENS);
      assertThat(usage.getCostUsd()).isPositive();
    });
  }

  @Test
  void aCallLongerThanTheLockIsContinuedAndWaitedForByWhicheverInstanceGetsTheRequestAndPaidOnce() throws Exception {
    model.holdNext(1, Duration.ofSeconds(7));
    ModelRegistry registry = ModelRegistry.load(models);
    List<RoleService<SynthesisRequested, SynthesisCompleted>> instances = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      RoleService<SynthesisRequested, SynthesisCompleted> instance = new RoleService<>(config()
          .handlerTimeout(Duration.ofSeconds(30)).build(),
          request -> coaching(request, request.callModel(registry, call(request)))).start();
      instances.add(instance);
      services.add(instance);
    }
    publish("a slow model");

    SynthesisCompleted result = theOneResult();
    assertThat(model.callsFor("a slow model")).isEqualTo(1);
    assertThat(result.getCoaching().getText()).isEqualTo("answer: a slow model");
    // Seven seconds of model time in deliveries of 1.6 s: the request moved on at least three times.
    assertThat(instances.stream().mapToLong(i -> i.stats().continued.get()).sum()).isGreaterThanOrEqualTo(3);
    assertThat(result.getUsage()).singleElement().satisfies(usage -> assertThat(usage.getReplayed()).isTrue());
    assertThat(journaledCalls()).isEmpty();
  }

  @Test
  void killedAfterTheCallBeforeTheResultIsWrittenTheNextInstanceReplaysTheRecordedAnswer() throws Exception {
    JavaProcess first = role("after-call");
    publish("after the call");
    first.awaitLine("PAUSED after-call"::equals, Duration.ofSeconds(60));
    first.kill();
    role("none");

    SynthesisCompleted result = theOneResult();
    assertThat(model.callsFor("after the call")).isEqualTo(1);
    assertThat(result.getCoaching().getText()).isEqualTo("answer: after the call");
    ModelUsage usage = result.getUsage().getFirst();
    assertThat(usage.getReplayed()).isTrue();
    assertThat(usage.getOutputTokens()).isEqualTo(ScriptedModelEndpoint.COMPLETION_TOKENS);
    assertThat(journaledCalls()).as("tombstoned once the result stands for them").isEmpty();
  }

  @Test
  void aResultTransactionThatFailsIsRetriedWithTheRecordedAnswer() throws Exception {
    ModelRegistry registry = ModelRegistry.load(models);
    services.add(new RoleService<>(config().build(), request -> {
      ModelReply reply = request.callModel(registry, call(request));
      // The first delivery's result is too large for the producer: its transaction fails.
      String text = request.deliveryCount() == 1 ? "x".repeat(1_200_000) : reply.text();
      return coaching(request, new ModelReply(text, reply.usage()));
    }).start());
    publish("a failed write");

    SynthesisCompleted result = theOneResult();
    assertThat(model.callsFor("a failed write")).isEqualTo(1);
    assertThat(result.getCoaching().getText()).isEqualTo("answer: a failed write");
    assertThat(result.getUsage()).singleElement().satisfies(usage -> assertThat(usage.getReplayed()).isTrue());
  }

  @Test
  void killedAfterTheResultIsWrittenTheNextInstanceFindsItDoneAndCallsNothing() throws Exception {
    JavaProcess first = role("before-ack");
    publish("after the write");
    first.awaitLine("PAUSED before-ack"::equals, Duration.ofSeconds(60));
    first.kill();
    JavaProcess second = role("none");

    SynthesisCompleted result = theOneResult();
    assertThat(model.callsFor("after the write")).isEqualTo(1);
    assertThat(result.getUsage()).singleElement().satisfies(usage -> assertThat(usage.getReplayed()).isFalse());
    assertThat(second.isAlive()).isTrue();
  }

  @Test
  void aRequestWhoseOutcomeCommittedAMomentAgoIsNotPaidForAgainEvenAsAFirstDelivery() throws Exception {
    // A broker that crashes loses the delivery counts it had not persisted: a record another
    // instance completed comes back as delivery 1, and this instance's view may not have read that
    // outcome yet. Here the handler itself commits the outcome (as the other instance) right before
    // it asks for the model; the journal must look at the whole log before it pays.
    ModelRegistry registry = ModelRegistry.load(models);
    RoleService<SynthesisRequested, SynthesisCompleted> service = new RoleService<>(config().build(), request -> {
      String eventId = request.value().getEnvelope().getEventId();
      ActionRecord outcome = ActionRecord.newBuilder()
          .setRequestEventId(eventId)
          .setRole("synthesizer")
          .setRecordedAt(Envelopes.now())
          .setResultTopic(topics.results().name())
          .setResultPayload(java.nio.ByteBuffer.allocate(0))
          .setKind(ActionKind.OUTCOME)
          .build();
      TestKafka.produce(broker, topics.actionLog().name(), ActionLogView.key("synthesizer", eventId),
          ENTRIES.encode(outcome));
      return coaching(request, request.callModel(registry, call(request)));
    }).start();
    services.add(service);
    publish("done elsewhere");

    await().atMost(Duration.ofSeconds(30)).until(() -> service.stats().alreadyDone.get() == 1);
    TestKafka.awaitQuiesced(broker.bootstrapServers(), group, topics.requests().name(), Duration.ofSeconds(3),
        topics.results().name(), topics.failures().name(), topics.actionLog().name());
    assertThat(model.callsFor("done elsewhere")).isZero();
    assertThat(TestKafka.readAll(broker, topics.results().name())).isEmpty();
    assertThat(TestKafka.readAll(broker, topics.failures().name())).isEmpty();
  }

  // ---- helpers ----

  private JavaProcess role(String pausePoint) throws InterruptedException {
    JavaProcess process = JavaProcess.start("role-" + pausePoint, OnceOnlyRoleMain.class.getName(),
        List.of(broker.bootstrapServers(), prefix, group, models.toString(), pausePoint),
        dir.resolve("role-" + pausePoint + "-" + processes.size() + ".log"),
        List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED"),
        Map.of());
    processes.add(process);
    process.awaitLine("READY"::equals, Duration.ofSeconds(60));
    return process;
  }

  private RoleServiceConfig.Builder<SynthesisRequested, SynthesisCompleted> config() {
    return RoleServiceConfig.builder("synthesizer", broker.bootstrapServers(), topics.requests(), topics.results())
        .sharedTopics(topics.failures(), topics.deadLetters(), topics.actionLog())
        .groupId(group)
        .concurrency(1)
        .lockDuration(Duration.ofSeconds(2))
        .retries(3, new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2.0));
  }

  private static ModelCall call(RoleRequest<SynthesisRequested> request) {
    return new ModelCall(OnceOnlyRoleMain.MODEL, "synthesizer", List.of(UserMessage.from(request.value().getQuestion())));
  }

  private static SynthesisCompleted coaching(RoleRequest<SynthesisRequested> request, ModelReply reply) {
    return SynthesisCompleted.newBuilder()
        .setEnvelope(request.replyEnvelope())
        .setCoaching(Coaching.newBuilder().setLabel("suggestion").setText(reply.text()).build())
        .setUsage(List.of(reply.usage()))
        .build();
  }

  private SynthesisRequested publish(String question) {
    SynthesisRequested request = SynthesisRequested.newBuilder()
        .setEnvelope(Envelopes.start("q-" + UUID.randomUUID(), "test"))
        .setAction(QueryAction.EXPLAIN)
        .setQuestion(question)
        .setRepo(RepoRef.newBuilder().setRepo("fixtures/demo").build())
        .build();
    TestKafka.produce(broker, topics.requests().name(), request.getEnvelope().getCorrelationId(),
        REQUESTS.encode(request));
    return request;
  }

  /** The one result, counted after the role has acknowledged everything and nothing moved for a while. */
  private SynthesisCompleted theOneResult() {
    TestKafka.awaitRecords(broker, topics.results().name(), 1);
    TestKafka.awaitQuiesced(broker.bootstrapServers(), group, topics.requests().name(), Duration.ofSeconds(5),
        topics.results().name(), topics.failures().name(), topics.actionLog().name());
    List<ConsumerRecord<String, byte[]>> results = TestKafka.readAll(broker, topics.results().name());
    assertThat(results).hasSize(1);
    assertThat(TestKafka.readAll(broker, topics.failures().name())).isEmpty();
    return RESULTS.decode(results.getFirst().value());
  }

  /** CALL entries still standing (not deleted by a later tombstone). */
  private List<String> journaledCalls() {
    Map<String, ActionRecord> latest = new java.util.HashMap<>();
    for (ConsumerRecord<String, byte[]> record : TestKafka.readAll(broker, topics.actionLog().name())) {
      latest.put(record.key(), record.value() == null ? null : ENTRIES.decode(record.value()));
    }
    return latest.entrySet().stream()
        .filter(e -> e.getValue() != null && e.getValue().getKind() != ActionKind.OUTCOME)
        .map(Map.Entry::getKey)
        .filter(Objects::nonNull)
        .toList();
  }
}
