package dev.orkestra.runtime;

import dev.orkestra.events.common.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Builds dead letters: the original bytes whole, the reason and origin both in the value and in headers. */
final class DeadLetters {

  static final String REASON = "orkestra.dlq.reason";
  static final String SOURCE_TOPIC = "orkestra.dlq.source.topic";
  static final String SOURCE_PARTITION = "orkestra.dlq.source.partition";
  static final String SOURCE_OFFSET = "orkestra.dlq.source.offset";
  static final String DELIVERY_COUNT = "orkestra.dlq.delivery.count";
  static final String PRODUCER = "orkestra.dlq.producer";

  /** Reasons are for people; keep them bounded so a huge exception message cannot bloat a header. */
  private static final int MAX_REASON = 2_000;

  private DeadLetters() {}

  static DeadLetter of(ConsumerRecord<String, byte[]> record, String reason, String producer) {
    return DeadLetter.newBuilder()
        .setDeadLetterId(UUID.randomUUID().toString())
        .setOccurredAt(Envelopes.now())
        .setProducer(producer)
        .setSourceTopic(record.topic())
        .setSourcePartition(record.partition())
        .setSourceOffset(record.offset())
        .setSourceKey(record.key() == null ? null : ByteBuffer.wrap(record.key().getBytes(StandardCharsets.UTF_8)))
        .setPayload(record.value() == null ? null : ByteBuffer.wrap(record.value()))
        .setReason(bounded(reason))
        .setDeliveryCount(record.deliveryCount().map(Short::intValue).orElse(1))
        .build();
  }

  static Headers headers(DeadLetter letter) {
    Headers headers = new RecordHeaders();
    headers.add(REASON, utf8(letter.getReason()));
    headers.add(SOURCE_TOPIC, utf8(letter.getSourceTopic()));
    headers.add(SOURCE_PARTITION, utf8(Integer.toString(letter.getSourcePartition())));
    headers.add(SOURCE_OFFSET, utf8(Long.toString(letter.getSourceOffset())));
    headers.add(DELIVERY_COUNT, utf8(Integer.toString(letter.getDeliveryCount())));
    headers.add(PRODUCER, utf8(letter.getProducer()));
    return headers;
  }

  static String bounded(String reason) {
    String text = reason == null ? "unknown" : reason;
    return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON) + "…";
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
