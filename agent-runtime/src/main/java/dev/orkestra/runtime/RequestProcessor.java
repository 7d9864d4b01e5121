package dev.orkestra.runtime;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.Failure;
import dev.orkestra.events.common.FailureKind;
import dev.orkestra.serde.AvroSerde;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one request record into its {@link Outcome}: decode, consult the action log, respect the
 * request's deadline, run the handler with a timeout and retries, classify the failure. No Kafka
 * I/O besides the action-log lookup; {@link WorkLane} writes and acknowledges.
 */
final class RequestProcessor<Q extends SpecificRecord, R extends SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(RequestProcessor.class);
  private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(30);

  private final RoleServiceConfig<Q, R> config;
  private final RoleHandler<Q, R> handler;
  private final AvroSerde<Q> requestSerde;
  private final HandledRequests actionLog;
  private final CallJournal journal;
  private final ExecutorService attempts;
  private final Clock clock;
  private final Random random = new Random();
  /**
   * Requests this instance is handling now, by action key. A broker that restarted after a crash
   * may hand a record that one lane still works on to another lane; the second waits for the first
   * instead of handling the request again.
   */
  private final java.util.Set<String> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();

  RequestProcessor(RoleServiceConfig<Q, R> config, RoleHandler<Q, R> handler, HandledRequests actionLog,
      CallJournal journal, ExecutorService attempts, Clock clock) {
    this.config = config;
    this.handler = handler;
    this.requestSerde = config.requests().valueSerde();
    this.actionLog = actionLog;
    this.journal = journal;
    this.attempts = attempts;
    this.clock = clock;
  }

  /** As {@link #process(ConsumerRecord, Instant)} for a delivery without a lock to respect. */
  Outcome process(ConsumerRecord<String, byte[]> record) throws InterruptedException {
    return process(record, Instant.MAX);
  }

  /**
   * @param deliveryEnds when this delivery must have its outcome, a margin before the record's lock
   *     runs out: work not done by then is {@linkplain Outcome.Continued continued} in a new delivery
   */
  Outcome process(ConsumerRecord<String, byte[]> record, Instant deliveryEnds) throws InterruptedException {
    int deliveries = record.deliveryCount().map(Short::intValue).orElse(1);
    Q request;
    Envelope envelope;
    try {
      request = requestSerde.decode(record.value());
      if (request == null) {
        return undecodable(record, "empty payload (tombstone) on a request topic");
      }
      envelope = Envelopes.of(request);
    } catch (SerializationException | IllegalArgumentException e) {
      return undecodable(record, e.getMessage());
    }
    String actionKey = ActionLogView.key(config.role(), envelope.getEventId());
    boolean done;
    try {
      // First deliveries only meet the log if a producer published the same event twice: a quick
      // in-memory look suffices. A redelivery may follow a commit that happened a moment ago, so the
      // view must first read everything committed up to now.
      done = deliveries <= 1 ? actionLog.containsNow(actionKey)
          : actionLog.containsAfterCatchUp(actionKey, CATCH_UP_TIMEOUT);
    } catch (ActionLogView.UnavailableException e) {
      if (deliveries > config.maxDeliveries()) {
        // The limit holds even when the log cannot be read: past it the broker would archive the
        // record silently; a second failure event for a request that did complete is harmless.
        return failed(record, actionKey, envelope, FailureKind.UNKNOWN, "redelivery_limit",
            redeliveryReason(deliveries) + "; the action log could not be read: " + e.getMessage(), deliveries, true);
      }
      log.warn("{}: cannot tell whether {} was handled ({}); releasing it for redelivery", config.role(),
          envelope.getEventId(), e.getMessage());
      return new Outcome.Unprocessed(record);
    }
    if (done) {
      log.info("{} {} already handled (delivery {}): acknowledging without running the handler",
          config.role(), envelope.getEventId(), deliveries);
      return new Outcome.AlreadyDone(record);
    }
    if (deliveries > config.maxDeliveries()) {
      return failed(record, actionKey, envelope, FailureKind.UNKNOWN, "redelivery_limit", redeliveryReason(deliveries),
          deliveries, true);
    }
    Instant deadline = envelope.getDeadline();
    if (deadline != null && !clock.instant().isBefore(deadline)) {
      return expired(record, actionKey, envelope, "arrived " + late(deadline) + " after its deadline " + deadline
          + "; nobody waits for its answer any more", 0);
    }
    while (!inFlight.add(actionKey)) {
      // Handled by another lane of this instance right now: its outcome, once written, answers this one too.
      if (actionLog.containsNow(actionKey)) {
        return new Outcome.AlreadyDone(record);
      }
      if (!clock.instant().isBefore(deliveryEnds)) {
        return continued(record, actionKey, envelope, "another lane of this instance is handling it", 0);
      }
      Thread.sleep(20);
    }
    Outcome outcome = null;
    try {
      outcome = runHandler(record, actionKey, request, envelope, deliveries, deadline, deliveryEnds);
      return outcome;
    } finally {
      if (!(outcome instanceof Outcome.Completed || outcome instanceof Outcome.Failed)) {
        inFlight.remove(actionKey);
      }
    }
  }

  /** The outcome of {@code actionKey} is written (or given up on): another delivery of it may proceed. */
  void settled(String actionKey) {
    inFlight.remove(actionKey);
  }

  private Outcome runHandler(ConsumerRecord<String, byte[]> record, String actionKey, Q request, Envelope envelope,
      int deliveries, Instant deadline, Instant deliveryEnds) throws InterruptedException {
    Throwable last = null;
    for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
      if (attempt > 1) {
        Duration pause = config.backoff().delay(attempt, random);
        Instant resume = clock.instant().plus(pause);
        if (deadline != null && resume.isAfter(deadline)) {
          return expired(record, actionKey, envelope, "passed its deadline " + deadline + " after " + (attempt - 1)
              + " attempt(s); last: " + describe(last), attempt - 1);
        }
        if (resume.isAfter(deliveryEnds)) {
          return continued(record, actionKey, envelope, "its retry would outlive the delivery's lock; last: "
              + describe(last), attempt - 1);
        }
        Thread.sleep(pause);
      }
      Instant now = clock.instant();
      if (deadline != null && !now.isBefore(deadline)) {
        return expired(record, actionKey, envelope, "passed its deadline " + deadline + " after " + (attempt - 1)
            + " attempt(s)" + (last == null ? "" : "; last: " + describe(last)), attempt - 1);
      }
      if (!now.isBefore(deliveryEnds)) {
        return continued(record, actionKey, envelope, "the delivery's lock is nearly up", attempt - 1);
      }
      Duration budget = min(config.handlerTimeout(), Duration.between(now, earlier(deadline, deliveryEnds)));
      boolean cutByLock = budget.compareTo(config.handlerTimeout()) < 0
          && (deadline == null || deliveryEnds.isBefore(deadline));
      RoleRequest<Q> roleRequest = new RoleRequest<>(request, deliveries, attempt, config.producerName(), journal);
      Future<R> future = attempts.submit(() -> handler.handle(roleRequest));
      try {
        R result = future.get(budget.toMillis(), TimeUnit.MILLISECONDS);
        if (result == null) {
          return failed(record, actionKey, envelope, FailureKind.PERMANENT, "no_result",
              config.role() + " handler returned no result", attempt, true);
        }
        return new Outcome.Completed(record, actionKey, result, roleRequest.usage());
      } catch (TimeoutException e) {
        // Interrupts the handler; a model call it waits on goes on and is recorded for the next attempt.
        future.cancel(true);
        if (cutByLock) {
          // Not the handler's fault: the work goes on in a new delivery, which joins what still runs.
          return continued(record, actionKey, envelope, "its work outlives the delivery's lock ("
              + budget.toMillis() + " ms left of it)", attempt);
        }
        last = new TransientFailureException(config.role() + " handler timed out after " + budget);
      } catch (InterruptedException e) {
        future.cancel(true);
        throw e;
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (causedBy(cause, AlreadyHandledException.class)) {
          log.info("{} {}: {}; acknowledging without a second result", config.role(), envelope.getEventId(),
              cause.getMessage());
          return new Outcome.AlreadyDone(record);
        }
        if (cause instanceof InvalidRequestException invalid) {
          return failed(record, actionKey, envelope, FailureKind.INVALID_REQUEST, invalid.code(), invalid.getMessage(),
              attempt, false);
        }
        if (cause instanceof PermanentFailureException permanent) {
          return failed(record, actionKey, envelope, FailureKind.PERMANENT, permanent.code(), permanent.getMessage(),
              attempt, false);
        }
        last = cause;
        log.warn("{} attempt {}/{} for {} failed: {}", config.role(), attempt, config.maxAttempts(),
            envelope.getEventId(), cause.toString());
      }
    }
    FailureKind kind = last instanceof TransientFailureException ? FailureKind.TRANSIENT_EXHAUSTED : FailureKind.UNKNOWN;
    String reason = config.role() + " failed after " + config.maxAttempts() + " attempts: " + describe(last);
    return failed(record, actionKey, envelope, kind, "retries_exhausted", reason, config.maxAttempts(), true);
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static Instant earlier(Instant deadline, Instant deliveryEnds) {
    return deadline == null || deliveryEnds.isBefore(deadline) ? deliveryEnds : deadline;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * The work goes on in a new delivery (a copy of the request), unless the request has been
   * continued so often without a deadline to end it that it must be failed instead.
   */
  private Outcome continued(ConsumerRecord<String, byte[]> record, String actionKey, Envelope envelope, String why,
      int attemptsMade) {
    int next = Continuations.of(record) + 1;
    if (envelope.getDeadline() == null && next > config.maxContinuations()) {
      return failed(record, actionKey, envelope, FailureKind.TIMEOUT, "too_long", config.role() + " request did not "
          + "finish in " + config.maxContinuations() + " deliveries and has no deadline; last: " + why,
          Math.max(1, attemptsMade), true);
    }
    log.info("{}: continuing {} in delivery {}: {}", config.role(), envelope.getEventId(), next + 1, why);
    return new Outcome.Continued(record, next, why);
  }

  /**
   * Nobody waits for the answer any more: a failure event says so (the coordinator, which already
   * answered, ignores it), and the action log records it so a redelivery does nothing. Not a dead
   * letter: nothing was lost that anyone still wants.
   */
  private Outcome expired(ConsumerRecord<String, byte[]> record, String actionKey, Envelope envelope, String why,
      int attemptsMade) {
    log.info("{}: dropping {}: it {}", config.role(), envelope.getEventId(), why);
    return failed(record, actionKey, envelope, FailureKind.TIMEOUT, "deadline_passed",
        config.role() + " request " + why, Math.max(1, attemptsMade), false);
  }

  private String late(Instant deadline) {
    return Duration.between(deadline, clock.instant()).toMillis() + " ms";
  }

  private static String redeliveryReason(int deliveries) {
    return "delivered " + deliveries + " times without completing (worker crash or lock expiry each time)";
  }

  private Outcome failed(ConsumerRecord<String, byte[]> record, String actionKey, Envelope envelope, FailureKind kind,
      String code, String reason, int attempts, boolean deadLetter) {
    Failure failure = Failure.newBuilder()
        .setEnvelope(Envelopes.reply(envelope, config.producerName()))
        .setRole(config.role())
        .setRequestTopic(record.topic())
        .setKind(kind)
        .setReason(DeadLetters.bounded(reason))
        .setCode(code)
        .setAttempts(attempts)
        .setSubjectId(record.key())
        .build();
    return new Outcome.Failed(record, actionKey, failure,
        deadLetter ? DeadLetters.of(record, reason, config.producerName()) : null);
  }

  private Outcome undecodable(ConsumerRecord<String, byte[]> record, String reason) {
    log.warn("{}: undecodable record {}-{}@{}: {}", config.role(), record.topic(), record.partition(), record.offset(),
        reason);
    return new Outcome.Undecodable(record, DeadLetters.of(record, "undecodable: " + reason, config.producerName()));
  }

  private static String describe(Throwable error) {
    return error == null ? "unknown" : error.getClass().getSimpleName() + ": " + error.getMessage();
  }
}
