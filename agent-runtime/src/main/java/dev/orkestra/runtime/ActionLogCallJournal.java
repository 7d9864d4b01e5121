package dev.orkestra.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.orkestra.events.common.ActionKind;
import dev.orkestra.events.common.ActionRecord;
import dev.orkestra.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
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
 * The call journal in the role's action log: a CALL_STARTED entry (owner, input digest, by when the
 * call must have ended) is written before a call is made, and a CALL entry (answer + usage) —
 * acknowledged by the cluster — as soon as it returns and before its answer is used; the request's
 * OUTCOME transaction deletes the entries with tombstones. An instance that gets the request while
 * another one's call is under way waits for that call's answer instead of paying for it again (the
 * request moves between instances when long work is continued in a new delivery).
 *
 * <p>A call runs on its own virtual thread, detached from the attempt that asked for it: when the
 * runtime gives up on an attempt (its timeout), the provider request goes on, its answer is recorded
 * and the next attempt takes it instead of calling again. Only the model's own timeout aborts a call.
 * So each call is paid once whatever happens to the attempt: a timed-out or failed attempt, a failed
 * result transaction, a redelivery, a restart after {@code kill -9} once the answer was recorded. The
 * one window left is a crash while the provider is still answering: once the dead call's time is up
 * (its model's timeout), the call is made again.
 */
final class ActionLogCallJournal implements CallJournal, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ActionLogCallJournal.class);
  private static final AvroSerde<ActionRecord> ENTRIES = AvroSerde.of(ActionRecord.class);
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(10);

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
  private final String owner;
  private final String topic;
  private final ActionLogView view;
  private final KafkaProducer<String, byte[]> producer;
  private final Cache<String, Pending> pending;

  ActionLogCallJournal(RoleServiceConfig<?, ?> config, ActionLogView view) {
    this.role = config.role();
    this.owner = config.producerName();
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
  public Recorded once(String requestEventId, String name, String inputDigest, Duration maxDuration,
      Callable<Recorded> call) throws Exception {
    String key = ActionLogView.callKey(role, requestEventId, name);
    boolean caughtUp = false;
    while (true) {
      Optional<ActionRecord> journaled = view.call(key).filter(e -> Objects.equals(e.getInputDigest(), inputDigest));
      if (journaled.isPresent() && journaled.get().getKind() == ActionKind.CALL) {
        log.info("{}: {} of {} replayed from the action log", role, name, requestEventId);
        return new Recorded(bytes(journaled.get().getResultPayload()), journaled.get().getUsage(), false).asReplay();
      }
      if (journaled.isPresent() && !owner.equals(journaled.get().getOwner())
          && Instant.now().isBefore(journaled.get().getCallDeadline())) {
        // Another instance is paying for this call right now: wait for its answer (the attempt's
        // own time limit interrupts the wait; the request is then continued and waits again).
        log.info("{}: {} of {} is under way on {}; waiting for its answer", role, name, requestEventId,
            journaled.get().getOwner());
        view.awaitChange(key, journaled.get(), journaled.get().getCallDeadline());
        continue;
      }
      if (!caughtUp && journaled.isEmpty() && !pending.asMap().containsKey(key)) {
        // About to pay: first read everything committed to the log. A delivery count is not a safe
        // sign of a first delivery (a broker that crashes loses unpersisted counts, so a redelivery
        // can come as delivery 1), and the outcome or the call may have committed a moment ago.
        catchUp(requestEventId, name);
        caughtUp = true;
        continue;
      }
      break;
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
    try {
      announce(key, requestEventId, name, inputDigest, maxDuration);
    } catch (NotRecordedException e) {
      pending.asMap().remove(key, started);
      throw e;
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
        withdraw(key);
        started.answer.completeExceptionally(failure);
      }
    });
    Recorded answer = await(started.answer);
    record(started, key, requestEventId, name, answer);
    return answer;
  }

  private void catchUp(String requestEventId, String name) throws NotRecordedException, InterruptedException {
    try {
      view.catchUp(CATCH_UP_TIMEOUT);
    } catch (ActionLogView.UnavailableException e) {
      throw new NotRecordedException("cannot tell whether model call " + name + " of " + requestEventId
          + " was made before: " + e.getMessage(), e);
    }
    if (view.containsNow(ActionLogView.key(role, requestEventId))) {
      throw new AlreadyHandledException(role + " request " + requestEventId + " has its outcome already");
    }
  }

  /** What every journal entry of call {@code name} carries; the caller adds the kind's own fields. */
  private ActionRecord.Builder callEntry(ActionKind kind, String requestEventId, String name, String inputDigest) {
    return ActionRecord.newBuilder()
        .setRequestEventId(requestEventId)
        .setRole(role)
        .setRecordedAt(Envelopes.now())
        .setResultTopic("")
        .setKind(kind)
        .setCallName(name)
        .setInputDigest(inputDigest);
  }

  /** The CALL_STARTED entry: other instances wait for this call rather than make it. */
  private void announce(String key, String requestEventId, String name, String inputDigest, Duration maxDuration)
      throws NotRecordedException {
    ActionRecord entry = callEntry(ActionKind.CALL_STARTED, requestEventId, name, inputDigest)
        .setResultPayload(ByteBuffer.allocate(0))
        .setOwner(owner)
        // Twice the model's timeout: the call may first wait for one of the model's concurrency slots.
        .setCallDeadline(Envelopes.now().plus(maxDuration.multipliedBy(2)))
        .build();
    send(key, entry, "announcing model call " + name + " of " + requestEventId);
    view.addCall(key, entry);
  }

  /** A call that failed: nobody should wait for it; the next attempt (anywhere) calls again. */
  private void withdraw(String key) {
    try {
      producer.send(new ProducerRecord<>(topic, key, null)).get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      view.forgetCalls(List.of(key));
    } catch (Exception e) {
      log.warn("{}: withdrawing the failed call {} failed ({}); others wait until its time is up", role, key,
          e.toString());
    }
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
    ActionRecord entry = callEntry(ActionKind.CALL, requestEventId, name, inputDigest)
        .setResultPayload(ByteBuffer.wrap(answer.payload()))
        .setUsage(answer.usage())
        .build();
    send(key, entry, "recording the answer of model call " + name + " of " + requestEventId
        + " (the answer is kept for the next attempt)");
    view.addCall(key, entry);
  }

  private void send(String key, ActionRecord entry, String what) throws NotRecordedException {
    try {
      producer.send(new ProducerRecord<>(topic, key, ENTRIES.encode(entry))).get(WRITE_TIMEOUT.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotRecordedException("interrupted while " + what, e);
    } catch (Exception e) {
      throw new NotRecordedException(what + " failed: " + rootMessage(e), e);
    }
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
