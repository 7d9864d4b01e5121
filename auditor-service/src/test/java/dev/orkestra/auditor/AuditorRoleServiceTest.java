package dev.orkestra.auditor;

import dev.orkestra.runtime.TestKafka;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.query.Answer;
import dev.orkestra.events.query.AuditCompleted;
import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.QueryData;
import dev.orkestra.events.query.RuleViolation;
import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.kafka.embedded.EmbeddedKafkaExtension;
import dev.orkestra.runtime.RoleService;
import dev.orkestra.runtime.RoleServiceConfig;
import dev.orkestra.serde.AvroSerde;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The auditor role service on the real embedded broker: each request gets exactly one verdict. */
@ExtendWith(EmbeddedKafkaExtension.class)
class AuditorRoleServiceTest {

  private static final AvroSerde<AuditRequested> REQUESTS = AvroSerde.of(AuditRequested.class);
  private static final AvroSerde<AuditCompleted> RESULTS = AvroSerde.of(AuditCompleted.class);

  private final EmbeddedKafkaBroker broker;

  AuditorRoleServiceTest(EmbeddedKafkaBroker broker) {
    this.broker = broker;
  }

  @Test
  void aCorrectAnswerPassesAndATamperedOneIsRejectedNamingTheRule() {
    var topics = TestKafka.createRoleTopics(broker, "auditor", AuditRequested.class, AuditCompleted.class);
    RoleServiceConfig<AuditRequested, AuditCompleted> config = RoleServiceConfig
        .builder(AuditorServiceProvider.ROLE, broker.bootstrapServers(), topics.requests(), topics.results())
        .sharedTopics(topics.failures(), topics.deadLetters(), topics.actionLog())
        .groupId("group-" + topics.requests().name())
        .build();
    AuditRequested correct = AuditFixtures.find().build();
    AuditRequested.Builder tamperedBuilder = AuditFixtures.find();
    Answer tamperedAnswer = Answer.newBuilder(tamperedBuilder.getAnswer())
        .setData(QueryData.newBuilder().setMatches(List.of(AuditFixtures.authMatch("return True"))).build())
        .build();
    AuditRequested tampered = tamperedBuilder.setAnswer(tamperedAnswer).build();

    try (RoleService<AuditRequested, AuditCompleted> service =
        new RoleService<>(config, new AuditorHandler(Auditor.standard(Clock.systemUTC()))).start()) {
      TestKafka.produce(broker, topics.requests().name(), "q-ok", REQUESTS.encode(correct));
      TestKafka.produce(broker, topics.requests().name(), "q-bad", REQUESTS.encode(tampered));

      List<ConsumerRecord<String, byte[]>> results = TestKafka.awaitRecords(broker, topics.results().name(), 2);

      assertThat(results).hasSize(2);
      List<ConsumerRecord<String, byte[]>> byKey = results.stream()
          .sorted(Comparator.comparing(ConsumerRecord::key)).toList();
      AuditCompleted bad = RESULTS.decode(byKey.get(0).value());
      AuditCompleted ok = RESULTS.decode(byKey.get(1).value());
      assertThat(byKey.get(1).key()).isEqualTo("q-ok");
      assertThat(ok.getPassed()).isTrue();
      assertThat(ok.getViolations()).isEmpty();
      assertThat(ok.getEnvelope().getCausationId()).isEqualTo(correct.getEnvelope().getEventId());
      assertThat(ok.getEnvelope().getProducer()).startsWith("auditor@");
      assertThat(bad.getPassed()).isFalse();
      assertThat(bad.getViolations()).extracting(RuleViolation::getRule).containsExactly("sources_verified");
      assertThat(bad.getEnvelope().getCausationId()).isEqualTo(tampered.getEnvelope().getEventId());
      assertThat(TestKafka.readAll(broker, topics.failures().name())).isEmpty();
    }
  }
}
