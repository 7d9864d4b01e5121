package dev.orkestra.coordinator;

import dev.orkestra.runtime.DeadLetters;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/** The dead letter a Streams error handler writes for the input record its context names. */
final class ErrorContextDeadLetters {

  private ErrorContextDeadLetters() {}

  /**
   * @param fallback the payload when the context holds no input record (a punctuation), else null
   */
  static ProducerRecord<byte[], byte[]> of(ErrorHandlerContext context, byte[] fallback, String reason,
      String producer) {
    byte[] payload = context.sourceRawValue() != null ? context.sourceRawValue() : fallback;
    String topic = context.topic() != null ? context.topic() : "punctuation@" + context.processorNodeId();
    return DeadLetters.record(DeadLetters.of(new DeadLetters.Source(topic, context.partition(), context.offset(),
        context.sourceRawKey(), payload, 1), reason, producer));
  }

  static String describe(Exception exception) {
    return exception.getClass().getSimpleName() + (exception.getMessage() == null ? "" : ": " + exception.getMessage());
  }
}
