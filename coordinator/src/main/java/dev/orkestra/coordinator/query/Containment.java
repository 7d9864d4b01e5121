package dev.orkestra.coordinator.query;

import dev.orkestra.coordinator.streams.Emit;
import dev.orkestra.coordinator.streams.InputDeadLetters;
import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryResponse;
import dev.orkestra.events.query.ResponseStatus;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * What a processor writes when it cannot apply a step for a query — a record would be too large,
 * or processing threw (a bug, a corrupt stored state): an {@code ERROR} response naming what failed
 * and a dead letter holding the input, so the query ends visibly, the input can be replayed, and
 * the stream thread goes on with the next record.
 */
final class Containment {

  private final QueryResponses responses;
  private final InputDeadLetters deadLetters;

  Containment(String producer) {
    this.responses = new QueryResponses(producer);
    this.deadLetters = new InputDeadLetters(producer);
  }

  /**
   * The ERROR response for {@code queryId}, echoing what is known of the query.
   *
   * @param progress the query's state when it could be read, else null
   * @param input the record being processed (its envelope is the cause), or null for a punctuation
   */
  QueryResponse response(String queryId, QueryProgress progress, SpecificRecord input, String message, long now) {
    Envelope cause = cause(input);
    if (progress != null) {
      return responses.unanswered(progress, ResponseStatus.ERROR, message, cause != null ? cause : progress.lastCause(),
          now);
    }
    if (input instanceof QueryRequested query) {
      return responses.rejected(query, message, now);
    }
    return responses.failed(queryId, cause, message, now);
  }

  /**
   * A dead letter for {@code input}, the record being processed (re-encoded: the same encoding its
   * topic holds), or for {@code state} (a punctuation has no input record).
   *
   * @param context where the input came from (topic, partition, offset), when it came from a topic
   */
  DeadLetter deadLetter(ProcessorContext<?, ?> context, String key, SpecificRecord input, String store,
      SpecificRecord state, String reason) {
    return deadLetters.of(context, key, input, store, state, reason);
  }

  /** Both records of a contained failure, for the processor to forward. */
  static List<Emit> emits(String queryId, QueryResponse response, DeadLetter letter) {
    return List.of(new Emit(queryId, response), new Emit(queryId, letter));
  }

  private static Envelope cause(SpecificRecord input) {
    if (input == null || input.getSchema().getField("envelope") == null) {
      return null;
    }
    return input.get(input.getSchema().getField("envelope").pos()) instanceof Envelope envelope ? envelope : null;
  }
}
