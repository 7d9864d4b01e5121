package dev.orkestra.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.orkestra.events.common.ActionKind;
import dev.orkestra.events.common.ActionRecord;
import dev.orkestra.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call journal in the role's action log: a CALL entry (answer + usage) is written — acknowledged
 * by the cluster — as soon as a call returns and before its answer is used; the request's OUTCOME
 * transaction deletes the entries with tombstones.
 *
 * <p>A call runs on its own virtual thread, detached from the attempt that asked for it: when the
 * runtime gives up on an attempt (its timeout), the provider request goes on, its answer is recorded
 * and the next attempt takes it instead of calling again. Only the model's own timeout aborts a call.
 * So each call is paid once whatever happens to the attempt: a timed-out or failed attempt, a failed
 * result transaction, a redelivery, a restart after {@code kill -9} once the answer was recorded. The
 * one window left is a crash while the provider is still answering: that call is made again.
 */
final class ActionLogCallJournal implements CallJournal, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ActionLogCallJournal.class);
  private static final AvroSerde<ActionRecord> ENTRIES = AvroSerde.of(ActionRecord.class);
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

  /** A call started in this process, the input it was started with, and whether its entry is written. */
  private static final class Pending {
    final String inputDigest;
    final CompletableFuture<Recorded> answer = new CompletableFuture<>();
    boolean recorded; // guarded by this

    Pending(String inputDigest) {
      this.inputDigest = inputDigest;
    }
  }

  /** Why an answer that was paid for is not yet safe to use. */
  static final class NotRecordedException extends TransientFailureException {
    NotRecordedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final String role;
  private final String topic;
  private final ActionLogView view;
  private final KafkaProducer<String, byte[]> producer;
  private final Cache<String, Pending> pending;

  ActionLogCallJournal(RoleServiceConfig<?, ?> config, ActionLogView view) {
    this.role = config.role();
    this.topic = config.actionLog().name();
    this.view = view;
    // Calls end when an instance crashes or the request completes; the cap only guards against leaks.
    this.pending = Caffeine.newBuilder().expireAfterWrite(config.actionLogLookback()).build();
    this.producer = new KafkaProducer<>(config.kafka().clientConfig(Map.of(
        // Not in the results' transactions: an entry must be durable the moment the call returns,
        // whatever becomes of the attempt. Idempotent, so a retried send writes it once.
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 0,
        ProducerConfig.CLIENT_ID_CONFIG, config.producerName() + "-journal")),
        new StringSerializer(), new ByteArraySerializer());
  }

  @Override
  public Recorded once(String requestEventId, String name, String inputDigest, Callable<Recorded> call)
      throws Exception {
    String key = ActionLogView.callKey(role, requestEventId, name);
    Optional<ActionRecord> journaled = view.call(key);
    if (journaled.isPresent()) {
      if (Objects.equals(journaled.get().getInputDigest(), inputDigest)) {
        log.info("{}: {} of {} replayed from the action log", role, name, requestEventId);
        return new Recorded(bytes(journaled.get().getResultPayload()), journaled.get().getUsage(), false).asReplay();
      }
      // The handler asked something else under the same name (its input changed): a new call.
      log.warn("{}: {} of {} was recorded for another input; calling again", role, name, requestEventId);
    }
    Pending started = new Pending(inputDigest);
    Pending running = pending.asMap().merge(key, started,
        (old, fresh) -> old.inputDigest.equals(fresh.inputDigest) ? old : fresh);
    if (running != started) {
      // An earlier attempt's call (timed out, or answered but not recorded): take its answer.
      Recorded earlier = await(running.answer);
      record(running, key, requestEventId, name, earlier);
      return earlier.asReplay();
    }
    Thread.ofVirtual().name(role + "-call-" + name).start(() -> {
      try {
        Recorded answer = call.call();
        try {
          // Recorded even when no attempt waits any more (it timed out): the next one takes it.
          record(started, key, requestEventId, name, answer);
        } catch (NotRecordedException e) {
          log.warn("{}: {}", role, e.getMessage()); // the attempt that takes the answer retries the write
        }
        started.answer.complete(answer);
      } catch (Throwable failure) {
        pending.asMap().remove(key, started);
        started.answer.completeExceptionally(failure);
      }
    });
    Recorded answer = await(started.answer);
    record(started, key, requestEventId, name, answer);
    return answer;
  }

  /** Writes the call's CALL entry unless it is written already; returns once the cluster has it. */
  private void record(Pending call, String key, String requestEventId, String name, Recorded answer)
      throws NotRecordedException {
    synchronized (call) {
      if (!call.recorded) {
        write(key, requestEventId, name, call.inputDigest, answer);
        call.recorded = true;
      }
    }
  }

  private void write(String key, String requestEventId, String name, String inputDigest, Recorded answer)
      throws NotRecordedException {
    ActionRecord entry = ActionRecord.newBuilder()
        .setRequestEventId(requestEventId)
        .setRole(role)
        .setRecordedAt(Envelopes.now())
        .setResultTopic("")
        .setResultPayload(ByteBuffer.wrap(answer.payload()))
        .setUsage(answer.usage())
        .setKind(ActionKind.CALL)
        .setCallName(name)
        .setInputDigest(inputDigest)
        .build();
    try {
      producer.send(new ProducerRecord<>(topic, key, ENTRIES.encode(entry))).get(WRITE_TIMEOUT.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotRecordedException("interrupted while recording model call " + name + " of " + requestEventId, e);
    } catch (Exception e) {
      throw new NotRecordedException("model call " + name + " of " + requestEventId
          + " answered, but recording it in the action log failed (the answer is kept for the next attempt): "
          + rootMessage(e), e);
    }
    view.addCall(key, entry);
  }

  private static Recorded await(CompletableFuture<Recorded> answer) throws Exception {
    try {
      return answer.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception exception) {
        throw exception;
      }
      throw (Error) cause;
    }
  }

  /** The request's outcome committed: its calls are done with. */
  void forget(List<String> keys) {
    pending.invalidateAll(keys);
    view.forgetCalls(keys);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
