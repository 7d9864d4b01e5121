package dev.orkestra.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.junit.jupiter.api.Test;

class DeadLetteringDeserializationHandlerTest {

  @Test
  void keepsTheOriginalBytesAndTheReasonAndResumes() {
    var handler = new DeadLetteringDeserializationHandler();
    handler.configure(Map.of(StreamsProperties.PRODUCER_NAME, "coordinator@test"));
    byte[] key = "q-1".getBytes(StandardCharsets.UTF_8);
    byte[] value = {1, 2, 3};
    var record = new ConsumerRecord<>(Topics.RETRIEVER_RESULTS.name(), 4, 42L, key, value);

    var response = handler.handleError(null, record, new SerializationException("corrupt RetrievalCompleted"));

    assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
    ProducerRecord<byte[], byte[]> out = response.deadLetterQueueRecords().getFirst();
    assertThat(out.topic()).isEqualTo(Topics.DEAD_LETTERS.name());
    assertThat(out.key()).isEqualTo(key);
    DeadLetter letter = Topics.DEAD_LETTERS.valueSerde().decode(out.value());
    assertThat(letter.getSourceTopic()).isEqualTo(Topics.RETRIEVER_RESULTS.name());
    assertThat(letter.getSourcePartition()).isEqualTo(4);
    assertThat(letter.getSourceOffset()).isEqualTo(42L);
    assertThat(letter.getPayload().array()).isEqualTo(value);
    assertThat(letter.getReason()).isEqualTo("corrupt RetrievalCompleted");
    assertThat(letter.getProducer()).isEqualTo("coordinator@test");
    assertThat(new String(out.headers().lastHeader("orkestra.dlq.reason").value(), StandardCharsets.UTF_8))
        .isEqualTo("corrupt RetrievalCompleted");
    assertThat(new String(out.headers().lastHeader("orkestra.dlq.source.offset").value(), StandardCharsets.UTF_8))
        .isEqualTo("42");
  }
}
