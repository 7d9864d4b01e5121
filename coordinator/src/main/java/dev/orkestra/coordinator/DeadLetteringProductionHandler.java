package dev.orkestra.coordinator;

import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record the coordinator could not write or serialize. Streams stops by itself on what it deems
 * fatal (authorization, fencing) and never asks this handler; of the rest, a retriable error
 * (a timeout) is retried — the task processes its input again, so nothing is lost — and anything
 * else dead-letters the input and goes on.
 *
 * <p>Only the last line: under exactly-once, a send the producer refuses (such as
 * {@code RecordTooLargeException}) has already made the transaction abortable, so going on cannot
 * save that transaction; the processors' size guard keeps such records from being sent at all.
 * A resumed changelog write would leave the local store ahead of its changelog until the key is
 * written again.
 */
public final class DeadLetteringProductionHandler extends DeadLetteringHandler implements ProductionExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(DeadLetteringProductionHandler.class);

  @Override
  public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
      Exception exception) {
    if (exception instanceof RetriableException) {
      log.warn("coordinator: writing to {} failed, retrying: {}", record.topic(), exception.toString());
      return Response.retry();
    }
    String reason = "could not write " + bytes(record.value()) + " bytes to " + record.topic() + ": "
        + ErrorContextDeadLetters.describe(exception);
    log.error("coordinator: {}; dead-lettered, processing goes on", reason, exception);
    return Response.resume(List.of(ErrorContextDeadLetters.of(context, record.value(), reason, producer)));
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
      SerializationExceptionOrigin origin) {
    String reason = "could not serialize the " + origin.name().toLowerCase() + " of a record for " + record.topic() + ": "
        + ErrorContextDeadLetters.describe(exception);
    log.error("coordinator: {}; dead-lettered, processing goes on", reason, exception);
    return Response.resume(List.of(ErrorContextDeadLetters.of(context, null, reason, producer)));
  }

  private static int bytes(byte[] value) {
    return value == null ? 0 : value.length;
  }
}
