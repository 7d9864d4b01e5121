package dev.orkestra.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.topics.RecordLimits;
import dev.orkestra.topics.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  @Test
  void aDeadLetterKeepsThePayloadWholeAndNamesItsSourceInValueAndHeaders() {
    byte[] key = "q-1".getBytes(StandardCharsets.UTF_8);
    DeadLetter letter = DeadLetters.of(new DeadLetters.Source("orkestra.queries", 3, 17L, key, new byte[] {1, 2}, 2),
        "corrupt", "coordinator@test");

    ProducerRecord<byte[], byte[]> record = DeadLetters.record(letter);

    assertThat(record.topic()).isEqualTo(Topics.DEAD_LETTERS.name());
    assertThat(record.key()).isEqualTo(key);
    DeadLetter decoded = Topics.DEAD_LETTERS.valueSerde().decode(record.value());
    assertThat(decoded.getPayload().array()).containsExactly(1, 2);
    assertThat(decoded.getSourceOffset()).isEqualTo(17L);
    assertThat(decoded.getDeliveryCount()).isEqualTo(2);
    assertThat(header(record, DeadLetters.REASON)).isEqualTo("corrupt");
    assertThat(header(record, DeadLetters.SOURCE_PARTITION)).isEqualTo("3");
    assertThat(header(record, DeadLetters.PRODUCER)).isEqualTo("coordinator@test");
  }

  @Test
  void aPayloadThatWouldMakeTheDeadLetterTooLargeIsLeftOutAndTheReasonSaysSo() {
    byte[] payload = new byte[DeadLetters.MAX_PAYLOAD_BYTES + 1];
    DeadLetter letter = DeadLetters.of(new DeadLetters.Source("orkestra.composer.results", 0, 5L, null, payload, 1),
        "x".repeat(5_000), "coordinator@test");

    ProducerRecord<byte[], byte[]> record = DeadLetters.record(letter);

    assertThat(letter.getPayload()).isNull();
    assertThat(letter.getReason()).endsWith("(payload of " + payload.length + " bytes left out: above the "
        + DeadLetters.MAX_PAYLOAD_BYTES + "-byte dead-letter payload limit)");
    assertThat(record.value().length).isLessThan(RecordLimits.MAX_VALUE_BYTES);
  }

  @Test
  void theLargestPayloadKeptStillMakesADeadLetterUnderTheValueLimit() {
    byte[] payload = new byte[DeadLetters.MAX_PAYLOAD_BYTES];
    DeadLetter letter = DeadLetters.of(new DeadLetters.Source("t", 0, 0L, new byte[200], payload, 1),
        "é".repeat(10_000), "coordinator@test");

    ProducerRecord<byte[], byte[]> record = DeadLetters.record(letter);
    int headerBytes = 0;
    for (var header : record.headers()) {
      headerBytes += header.key().length() + header.value().length;
    }

    assertThat(letter.getPayload()).isNotNull();
    assertThat(record.value().length + record.key().length + headerBytes).isLessThan(RecordLimits.MAX_VALUE_BYTES);
  }

  private static String header(ProducerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
