package dev.orkestra.coordinator;

import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.serde.AvroSerde;
import dev.orkestra.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record the coordinator cannot decode goes to {@code orkestra.dead-letters} — original bytes
 * whole, reason in the value and in {@code orkestra.dlq.*} headers, as the role runtime does — and
 * processing continues. The dead letter is written in the same transaction as the offset commit
 * that skips the record (KIP-1034), so it is neither lost nor written twice.
 */
public final class DeadLetteringDeserializationHandler implements DeserializationExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(DeadLetteringDeserializationHandler.class);
  private static final AvroSerde<DeadLetter> DEAD_LETTERS = Topics.DEAD_LETTERS.valueSerde();
  private static final int MAX_REASON = 2_000;

  private String producer = "coordinator@unknown";

  @Override
  public void configure(Map<String, ?> configs) {
    Object name = configs.get(StreamsProperties.PRODUCER_NAME);
    if (name != null) {
      producer = name.toString();
    }
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    String reason = bounded(exception.getMessage() == null ? exception.toString() : exception.getMessage());
    log.warn("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
    DeadLetter letter = DeadLetter.newBuilder()
        .setDeadLetterId(UUID.randomUUID().toString())
        .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
        .setProducer(producer)
        .setSourceTopic(record.topic())
        .setSourcePartition(record.partition())
        .setSourceOffset(record.offset())
        .setSourceKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
        .setPayload(record.value() == null ? null : ByteBuffer.wrap(record.value()))
        .setReason(reason)
        .build();
    ProducerRecord<byte[], byte[]> deadLetter = new ProducerRecord<>(Topics.DEAD_LETTERS.name(), null,
        record.key(), DEAD_LETTERS.encode(letter), headers(letter));
    return Response.resume(List.of(deadLetter));
  }

  private static Headers headers(DeadLetter letter) {
    Headers headers = new RecordHeaders();
    headers.add("orkestra.dlq.reason", utf8(letter.getReason()));
    headers.add("orkestra.dlq.source.topic", utf8(letter.getSourceTopic()));
    headers.add("orkestra.dlq.source.partition", utf8(Integer.toString(letter.getSourcePartition())));
    headers.add("orkestra.dlq.source.offset", utf8(Long.toString(letter.getSourceOffset())));
    headers.add("orkestra.dlq.delivery.count", utf8(Integer.toString(letter.getDeliveryCount())));
    headers.add("orkestra.dlq.producer", utf8(letter.getProducer()));
    return headers;
  }

  private static String bounded(String reason) {
    return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "…";
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
