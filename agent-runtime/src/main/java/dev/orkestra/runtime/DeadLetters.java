package dev.orkestra.runtime;

import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.topics.RecordLimits;
import dev.orkestra.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds dead letters, for the role runtime and the coordinator alike: the original bytes whole, the
 * reason and origin both in the value and in {@code orkestra.dlq.*} headers (for tools that do not
 * decode Avro).
 */
public final class DeadLetters {

  public static final String REASON = "orkestra.dlq.reason";
  public static final String SOURCE_TOPIC = "orkestra.dlq.source.topic";
  public static final String SOURCE_PARTITION = "orkestra.dlq.source.partition";
  public static final String SOURCE_OFFSET = "orkestra.dlq.source.offset";
  public static final String DELIVERY_COUNT = "orkestra.dlq.delivery.count";
  public static final String PRODUCER = "orkestra.dlq.producer";

  /** Reasons are for people; keep them bounded so a huge exception message cannot bloat a header. */
  private static final int MAX_REASON = 2_000;
  /**
   * A dead letter carries the reason twice (value and header, up to 4 bytes a character) besides the
   * payload; a payload above this would make the dead letter itself too large to write, so it is left
   * out and the reason says so.
   */
  public static final int MAX_PAYLOAD_BYTES = RecordLimits.MAX_VALUE_BYTES - 4 * 4 * MAX_REASON;

  private DeadLetters() {}

  /**
   * The record a dead letter stands for.
   *
   * @param offset -1 when the record did not come from a topic (e.g. a punctuation)
   * @param key the record's key bytes, or null
   * @param payload the record's value bytes, or null
   */
  public record Source(String topic, int partition, long offset, byte[] key, byte[] payload, int deliveryCount) {}

  /** A record a role service consumed (share group: with its delivery count). */
  public static DeadLetter of(ConsumerRecord<String, byte[]> record, String reason, String producer) {
    byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
    return of(new Source(record.topic(), record.partition(), record.offset(), key, record.value(),
        record.deliveryCount().map(Short::intValue).orElse(1)), reason, producer);
  }

  public static DeadLetter of(Source source, String reason, String producer) {
    byte[] payload = source.payload();
    String why = bounded(reason);
    if (payload != null && payload.length > MAX_PAYLOAD_BYTES) {
      why += " (payload of " + payload.length + " bytes left out: above the " + MAX_PAYLOAD_BYTES
          + "-byte dead-letter payload limit)";
      payload = null;
    }
    return DeadLetter.newBuilder()
        .setDeadLetterId(UUID.randomUUID().toString())
        .setOccurredAt(Envelopes.now())
        .setProducer(producer)
        .setSourceTopic(source.topic())
        .setSourcePartition(source.partition())
        .setSourceOffset(source.offset())
        .setSourceKey(source.key() == null ? null : ByteBuffer.wrap(source.key()))
        .setPayload(payload == null ? null : ByteBuffer.wrap(payload))
        .setReason(why)
        .setDeliveryCount(source.deliveryCount())
        .build();
  }

  /** The letter as a record for {@code orkestra.dead-letters}: keyed like its source, facts also in headers. */
  public static ProducerRecord<byte[], byte[]> record(DeadLetter letter) {
    byte[] key = letter.getSourceKey() == null ? null : bytes(letter.getSourceKey());
    return new ProducerRecord<>(Topics.DEAD_LETTERS.name(), null, key, Topics.DEAD_LETTERS.valueSerde().encode(letter),
        headers(letter));
  }

  public static Headers headers(DeadLetter letter) {
    Headers headers = new RecordHeaders();
    headers.add(REASON, utf8(letter.getReason()));
    headers.add(SOURCE_TOPIC, utf8(letter.getSourceTopic()));
    headers.add(SOURCE_PARTITION, utf8(Integer.toString(letter.getSourcePartition())));
    headers.add(SOURCE_OFFSET, utf8(Long.toString(letter.getSourceOffset())));
    headers.add(DELIVERY_COUNT, utf8(Integer.toString(letter.getDeliveryCount())));
    headers.add(PRODUCER, utf8(letter.getProducer()));
    return headers;
  }

  public static String bounded(String reason) {
    String text = reason == null ? "unknown" : reason;
    return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON) + "…";
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] copy = new byte[view.remaining()];
    view.get(copy);
    return copy;
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
