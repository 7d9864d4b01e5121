package dev.orkestra.runtime;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.ModelUsage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.specific.SpecificRecord;

/** A decoded request handed to a {@link RoleHandler}, with what it needs to build its result. */
public final class RoleRequest<Q extends SpecificRecord> {

  private final Q value;
  private final Envelope envelope;
  private final int deliveryCount;
  private final int attempt;
  private final String producer;
  private final List<ModelUsage> usage = new CopyOnWriteArrayList<>();

  RoleRequest(Q value, int deliveryCount, int attempt, String producer) {
    this.value = value;
    this.envelope = Envelopes.of(value);
    this.deliveryCount = deliveryCount;
    this.attempt = attempt;
    this.producer = producer;
  }

  /**
   * A request handed to a handler directly, without Kafka: for benchmarks that compare the same role
   * code with and without orchestration, and for tests of handlers.
   */
  public static <Q extends SpecificRecord> RoleRequest<Q> direct(Q value, String producer) {
    return new RoleRequest<>(value, 1, 1, producer);
  }

  public Q value() {
    return value;
  }

  public Envelope envelope() {
    return envelope;
  }

  /** How many times the broker has delivered this record (1 on first delivery). */
  public int deliveryCount() {
    return deliveryCount;
  }

  /** In-process attempt within this delivery (1 = first try). */
  public int attempt() {
    return attempt;
  }

  /** The envelope for this request's result: new eventId, same correlationId, causationId = request eventId. */
  public Envelope replyEnvelope() {
    return Envelopes.reply(envelope, producer);
  }

  /** Records the cost of a model call made for this request; stored with the result in the action log. */
  public void recordUsage(ModelUsage modelUsage) {
    usage.add(modelUsage);
  }

  public List<ModelUsage> usage() {
    return List.copyOf(usage);
  }
}
