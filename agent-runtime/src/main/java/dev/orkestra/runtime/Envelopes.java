package dev.orkestra.runtime;

import dev.orkestra.events.common.Envelope;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** Reads and makes the envelope every event carries as its {@code envelope} field. */
public final class Envelopes {

  private Envelopes() {}

  /** The envelope of any contract event; fails naming the type when it has none. */
  public static Envelope of(SpecificRecord event) {
    Schema.Field field = event.getSchema().getField("envelope");
    if (field == null) {
      throw new IllegalArgumentException(event.getSchema().getFullName() + " has no envelope field");
    }
    Object value = event.get(field.pos());
    if (!(value instanceof Envelope envelope)) {
      throw new IllegalArgumentException(event.getSchema().getFullName() + " carries no envelope");
    }
    return envelope;
  }

  /** The envelope of a new event that starts a flow (a user's query or task). */
  public static Envelope start(String correlationId, String producer) {
    return Envelope.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setCorrelationId(correlationId)
        .setCausationId(null)
        .setOccurredAt(now())
        .setProducer(producer)
        .build();
  }

  /** The envelope of an event caused by {@code cause}, with no deadline of its own. */
  public static Envelope reply(Envelope cause, String producer) {
    return reply(cause, producer, null);
  }

  /**
   * The envelope of a request caused by {@code cause} whose answer nobody waits for after
   * {@code deadline} (null: no deadline); the role that receives it drops it after that.
   */
  public static Envelope reply(Envelope cause, String producer, Instant deadline) {
    return Envelope.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setCorrelationId(cause.getCorrelationId())
        .setCausationId(cause.getEventId())
        .setOccurredAt(now())
        .setProducer(producer)
        .setDeadline(deadline == null ? null : deadline.truncatedTo(ChronoUnit.MILLIS))
        .build();
  }

  /** Millisecond precision: what {@code timestamp_ms} keeps, so a round trip compares equal. */
  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
