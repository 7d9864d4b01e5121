package dev.orkestra.coordinator;

import dev.orkestra.runtime.DeadLetters;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
public final class DeadLetteringDeserializationHandler extends DeadLetteringHandler implements DeserializationExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(DeadLetteringDeserializationHandler.class);

  @Override
  public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    String reason = exception.getMessage() == null ? exception.toString() : exception.getMessage();
    log.warn("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
    return Response.resume(List.of(DeadLetters.record(DeadLetters.of(new DeadLetters.Source(record.topic(),
        record.partition(), record.offset(), record.key(), record.value(), 1), reason, producer))));
  }
}
