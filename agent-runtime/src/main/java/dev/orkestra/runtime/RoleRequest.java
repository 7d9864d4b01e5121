package dev.orkestra.runtime;

import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.models.ModelCall;
import dev.orkestra.models.ModelCallResult;
import dev.orkestra.models.ModelRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;

/** A decoded request handed to a {@link RoleHandler}, with what it needs to build its result. */
public final class RoleRequest<Q extends SpecificRecord> {

  private final Q value;
  private final Envelope envelope;
  private final int deliveryCount;
  private final int attempt;
  private final String producer;
  private final CallJournal journal;
  private final List<ModelUsage> usage = new CopyOnWriteArrayList<>();
  // Per attempt: a retry makes the same calls in the same order, so call N finds call N's record.
  private final AtomicInteger calls = new AtomicInteger();

  RoleRequest(Q value, int deliveryCount, int attempt, String producer, CallJournal journal) {
    this.value = value;
    this.envelope = Envelopes.of(value);
    this.deliveryCount = deliveryCount;
    this.attempt = attempt;
    this.producer = producer;
    this.journal = journal;
  }

  /**
   * A request handed to a handler directly, without Kafka: for benchmarks that compare the same role
   * code with and without orchestration, and for tests of handlers. Model calls are not recorded.
   */
  public static <Q extends SpecificRecord> RoleRequest<Q> direct(Q value, String producer) {
    return new RoleRequest<>(value, 1, 1, producer, CallJournal.UNRECORDED);
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

  /** When nobody waits for the answer any more, if the request says. */
  public Instant deadline() {
    return envelope.getDeadline();
  }

  /** The envelope for this request's result: new eventId, same correlationId, causationId = request eventId. */
  public Envelope replyEnvelope() {
    return Envelopes.reply(envelope, producer);
  }

  /**
   * Calls a model once for this request: the answer and its usage are recorded in the role's action
   * log before they are returned, and a retry, a redelivery or a restarted instance asking the same
   * thing (same model, role and messages, in the same order) gets the recorded answer
   * ({@link ModelReply#replayed()}) instead of paying again. The usage is recorded with the result.
   *
   * @throws RuntimeException what {@link ModelRegistry#call} throws (timeouts, provider failures)
   * @throws TransientFailureException when the answer came but could not be recorded yet
   */
  public ModelReply callModel(ModelRegistry registry, ModelCall call) throws Exception {
    String name = "model-" + calls.incrementAndGet();
    Duration maxDuration = registry.model(call.modelId()).timeout();
    CallJournal.Recorded answer = journal.once(envelope.getEventId(), name, digest(call), maxDuration, () -> {
      ModelCallResult result = registry.call(call);
      return new CallJournal.Recorded(result.text().getBytes(StandardCharsets.UTF_8),
          List.of(ModelUsages.from(result.usage())), false);
    });
    ModelReply reply = new ModelReply(new String(answer.payload(), StandardCharsets.UTF_8), answer.usage().getFirst());
    recordUsage(reply.usage());
    return reply;
  }

  /** {@link #callModel} bound to {@code registry}, for code that only needs to make calls. */
  public ModelCaller models(ModelRegistry registry) {
    return call -> callModel(registry, call);
  }

  /** Records the cost of a model call made for this request; stored with the result in the action log. */
  public void recordUsage(ModelUsage modelUsage) {
    usage.add(modelUsage);
  }

  public List<ModelUsage> usage() {
    return List.copyOf(usage);
  }

  /** What makes two calls the same call: model, role and every message, in order. */
  static String digest(ModelCall call) {
    String canonical = call.modelId() + "\n" + call.role() + "\n" + ChatMessageSerializer.messagesToJson(call.messages());
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
