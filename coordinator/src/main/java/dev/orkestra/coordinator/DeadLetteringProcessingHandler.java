package dev.orkestra.coordinator;

import java.util.List;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last line behind the processors' own containment (which answers the query with an error):
 * an exception that still escapes a processor (a sink, an event without a query id) dead-letters
 * the input record, in the task's transaction, and processing goes on instead of the stream thread
 * dying on it and on every retry of it (KIP-1033, dead letters KIP-1034).
 */
public final class DeadLetteringProcessingHandler extends DeadLetteringHandler implements ProcessingExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(DeadLetteringProcessingHandler.class);

  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    String reason = "processing failed in " + context.processorNodeId() + ": "
        + ErrorContextDeadLetters.describe(exception);
    log.error("coordinator: {} ({}-{}@{}); dead-lettered, processing goes on", reason, context.topic(),
        context.partition(), context.offset(), exception);
    return Response.resume(List.of(ErrorContextDeadLetters.of(context, null, reason, producer)));
  }
}
