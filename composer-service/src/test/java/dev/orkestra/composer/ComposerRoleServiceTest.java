package dev.orkestra.composer;

import dev.orkestra.runtime.TestKafka;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.query.CompositionCompleted;
import dev.orkestra.events.query.CompositionRequested;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.QueryRole;
import dev.orkestra.events.query.ResponseStatus;
import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.kafka.embedded.EmbeddedKafkaExtension;
import dev.orkestra.runtime.RoleService;
import dev.orkestra.runtime.RoleServiceConfig;
import dev.orkestra.serde.AvroSerde;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The composer role service on the real embedded broker: one request in, one composed answer out. */
@ExtendWith(EmbeddedKafkaExtension.class)
class ComposerRoleServiceTest {

  private final EmbeddedKafkaBroker broker;

  ComposerRoleServiceTest(EmbeddedKafkaBroker broker) {
    this.broker = broker;
  }

  @Test
  void oneCompositionRequestYieldsOneComposedAnswer() {
    var topics = TestKafka.createRoleTopics(broker, "composer", CompositionRequested.class, CompositionCompleted.class);
    RoleServiceConfig<CompositionRequested, CompositionCompleted> config = RoleServiceConfig
        .builder(ComposerServiceProvider.ROLE, broker.bootstrapServers(), topics.requests(), topics.results())
        .sharedTopics(topics.failures(), topics.deadLetters(), topics.actionLog())
        .groupId("group-" + topics.requests().name())
        .build();
    CompositionRequested request = Fixtures.request(QueryRole.COACH, QueryAction.FIND,
            List.of(Fixtures.lines("q-1-c1", "backend/auth.py", 10, 11, Fixtures.AUTH_LINES, 0.9)))
        .setQuestion("Where is authentication implemented?")
        .build();

    try (RoleService<CompositionRequested, CompositionCompleted> service =
        new RoleService<>(config, new ComposerHandler(Clock.systemUTC())).start()) {
      TestKafka.produce(broker, topics.requests().name(), "q-1", AvroSerde.of(CompositionRequested.class).encode(request));

      List<ConsumerRecord<String, byte[]>> results = TestKafka.awaitRecords(broker, topics.results().name(), 1);
      CompositionCompleted completed = AvroSerde.of(CompositionCompleted.class).decode(results.getFirst().value());

      assertThat(results).hasSize(1);
      assertThat(results.getFirst().key()).isEqualTo("q-1");
      assertThat(completed.getEnvelope().getCausationId()).isEqualTo(request.getEnvelope().getEventId());
      assertThat(completed.getEnvelope().getProducer()).startsWith("composer@");
      assertThat(completed.getAnswer().getStatus()).isEqualTo(ResponseStatus.SUCCESS);
      assertThat(completed.getAnswer().getData().getMatches()).singleElement()
          .satisfies(match -> assertThat(match.getLines()).isEqualTo(Fixtures.AUTH_LINES));
      assertThat(completed.getAnswer().getMessage())
          .isEqualTo("Found 1 verified match for \"Where is authentication implemented?\"");
      assertThat(TestKafka.readAll(broker, topics.failures().name())).isEmpty();
    }
  }
}
