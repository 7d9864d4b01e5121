package dev.orkestra.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.task.GateRequested;
import dev.orkestra.events.task.GateResult;
import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.kafka.embedded.EmbeddedKafkaExtension;
import dev.orkestra.runtime.RoleService;
import dev.orkestra.runtime.RoleServiceConfig;
import dev.orkestra.runtime.TestKafka;
import dev.orkestra.runtime.source.GitRepoBuilder;
import dev.orkestra.serde.AvroSerde;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quality-gate role service on the real embedded broker, building a real Maven project: the
 * builds outlast the 2 s record lock of this test many times over, so each request is continued
 * and every continuation joins the run its first delivery started (one result per request).
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class QualityGateServiceTest {

  private static final AvroSerde<GateRequested> REQUESTS = AvroSerde.of(GateRequested.class);
  private static final AvroSerde<GateResult> RESULTS = AvroSerde.of(GateResult.class);

  private final EmbeddedKafkaBroker broker;

  @TempDir Path tmp;

  QualityGateServiceTest(EmbeddedKafkaBroker broker) {
    this.broker = broker;
  }

  @Test
  void gateRequestsForAPassingAndAFailingCommitGetOneVerdictEach() throws Exception {
    GitRepoBuilder repo = SampleProjects.maven(tmp.resolve("repos/calc"));
    String base = repo.commit("base");
    String good = repo.file("src/main/java/demo/Calc.java", SampleProjects.calc("""
          public int neg(int a) {
            return -a;
          }
        """)).file("src/test/java/demo/CalcTest.java", SampleProjects.calcTest("""
          @Test
          void negates() {
            assertEquals(-2, new Calc().neg(2));
          }
        """)).commit("S1");
    String bad = repo.file("src/test/java/demo/CalcTest.java", SampleProjects.calcTest("""
          @Test
          void negates() {
            assertEquals(2, new Calc().neg(2));
          }
        """)).commit("S2");
    var topics = TestKafka.createRoleTopics(broker, "quality-gate", GateRequested.class, GateResult.class);
    GateSettings settings = SampleProjects.settings();
    RoleServiceConfig<GateRequested, GateResult> config = RoleServiceConfig
        .builder(QualityGateServiceProvider.ROLE, broker.bootstrapServers(), topics.requests(), topics.results())
        .sharedTopics(topics.failures(), topics.deadLetters(), topics.actionLog())
        .groupId("group-" + topics.requests().name())
        .lockDuration(Duration.ofSeconds(2))
        .handlerTimeout(settings.handlerTimeout())
        .maxContinuations(settings.maxContinuations())
        .build();

    try (GateRuns runs = SampleProjects.runs(tmp.resolve("data"), tmp.resolve("repos"));
        RoleService<GateRequested, GateResult> service = new RoleService<>(config, new GateHandler(runs)).start()) {
      GateRequested passing = SampleProjects.request("T-9", "S1", repo.dir(), good, base, SampleProjects.strict());
      GateRequested failing = SampleProjects.request("T-9", "S2", repo.dir(), bad, base, SampleProjects.strict());
      TestKafka.produce(broker, topics.requests().name(), "T-9/S1", REQUESTS.encode(passing));
      TestKafka.produce(broker, topics.requests().name(), "T-9/S2", REQUESTS.encode(failing));

      List<ConsumerRecord<String, byte[]>> records = TestKafka.awaitRecords(broker, topics.results().name(), 2);
      Map<String, GateResult> results = records.stream().collect(Collectors.toMap(ConsumerRecord::key,
          r -> RESULTS.decode(r.value()), (a, b) -> { throw new AssertionError("two results for one step"); }));

      assertThat(results).containsOnlyKeys("T-9/S1", "T-9/S2");
      GateResult passed = results.get("T-9/S1");
      assertThat(passed.getPassed()).as(passed.getSummary()).isTrue();
      assertThat(passed.getTestsRun()).isEqualTo(3);
      assertThat(passed.getCommitSha()).isEqualTo(good);
      assertThat(passed.getEnvelope().getCausationId()).isEqualTo(passing.getEnvelope().getEventId());
      assertThat(passed.getEnvelope().getProducer()).startsWith("quality-gate@");
      GateResult blocked = results.get("T-9/S2");
      assertThat(blocked.getPassed()).isFalse();
      assertThat(blocked.getTestsFailed()).isEqualTo(1);
      assertThat(blocked.getSummary()).contains("demo.CalcTest.negates");
      assertThat(TestKafka.readAll(broker, topics.failures().name())).isEmpty();
      assertThat(service.stats().continued.get()).as("the builds outlived their 2 s deliveries").isPositive();
    } finally {
      repo.close();
    }
  }
}
