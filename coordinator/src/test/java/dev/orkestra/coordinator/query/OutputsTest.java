package dev.orkestra.coordinator.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.coordinator.query.state.CachedAnswer;
import dev.orkestra.coordinator.streams.Outputs;
import dev.orkestra.coordinator.streams.StateSerdes;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.RetrievalRequested;
import dev.orkestra.topics.Topics;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputsTest {

  private final Outputs outputs = new Outputs(QueryCoordinator.OUTPUTS, Map.of(CachedAnswer.class, "app-answer-cache"),
      "app-answer-cache");

  @Test
  void eachValueTypeGoesToItsTopicEncodedByThatTopicsSerde() {
    QueryRequested query = Events.getFile("q-1", "a.md");
    RetrievalRequested retrieval = new Requests("coordinator@test").retrieval(query, null);

    assertThat(outputs.topic(retrieval)).isEqualTo(Topics.RETRIEVER_REQUESTS.name());
    byte[] written = outputs.serde().serializer().serialize(Topics.RETRIEVER_REQUESTS.name(), retrieval);
    assertThat(Topics.RETRIEVER_REQUESTS.valueSerde().decode(written)).isEqualTo(retrieval);
  }

  @Test
  void auditedAnswersAndTombstonesGoToTheAnswerCacheTopic() {
    CachedAnswer entry = CachedAnswer.newBuilder().setAnswer(ByteBuffer.wrap(new byte[] {1})).setStoredAt(1)
        .setExpiresAt(2).build();

    assertThat(outputs.topic(entry)).isEqualTo("app-answer-cache");
    assertThat(outputs.topic(null)).isEqualTo("app-answer-cache");
    assertThat(outputs.encode(null)).isNull();
    assertThat(StateSerdes.of(CachedAnswer.class).decode(outputs.encode(entry))).isEqualTo(entry);
  }

  @Test
  void aTypeNoOutputTopicCarriesFailsNamingIt() {
    assertThatThrownBy(() -> outputs.topic(Events.getFile("q-1", "a.md")))
        .hasMessage("no output topic carries dev.orkestra.events.query.QueryRequested");
  }
}
