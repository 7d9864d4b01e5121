package dev.orkestra.runtime;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.Failure;
import dev.orkestra.events.common.FailureKind;
import dev.orkestra.serde.AvroSerde;
import java.time.Duration;
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
 * Turns one request record into its {@link Outcome}: decode, consult the action log, run the
 * handler with a timeout and retries, classify the failure. No Kafka I/O besides the action-log
 * lookup; the loop in {@link RoleService} writes and acknowledges.
 */
final class RequestProcessor<Q extends SpecificRecord, R extends SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(RequestProcessor.class);
  private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(30);

  private final RoleServiceConfig<Q, R> config;
  private final RoleHandler<Q, R> handler;
  private final AvroSerde<Q> requestSerde;
  private final ActionLogView actionLog;
  private final ExecutorService attempts;
  private final Random random = new Random();

  RequestProcessor(RoleServiceConfig<Q, R> config, RoleHandler<Q, R> handler, ActionLogView actionLog,
      ExecutorService attempts) {
    this.config = config;
    this.handler = handler;
    this.requestSerde = config.requests().valueSerde();
    this.actionLog = actionLog;
    this.attempts = attempts;
  }

  Outcome process(ConsumerRecord<String, byte[]> record) throws InterruptedException {
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
    // First deliveries only meet the log if a producer published the same event twice: a quick
    // in-memory look suffices. A redelivery may follow a commit that happened a moment ago, so the
    // view must first read everything committed up to now.
    boolean done = deliveries <= 1
        ? actionLog.containsNow(actionKey)
        : actionLog.containsAfterCatchUp(actionKey, CATCH_UP_TIMEOUT);
    if (done) {
      log.info("{} {} already handled (delivery {}): acknowledging without running the handler",
          config.role(), envelope.getEventId(), deliveries);
      return new Outcome.AlreadyDone(record);
    }
    if (deliveries > config.maxDeliveries()) {
      String reason = "delivered " + deliveries + " times without completing (worker crash or lock expiry each time)";
      return failed(record, actionKey, envelope, FailureKind.UNKNOWN, "redelivery_limit", reason, deliveries, true);
    }
    return runHandler(record, actionKey, request, envelope, deliveries);
  }

  private Outcome runHandler(ConsumerRecord<String, byte[]> record, String actionKey, Q request, Envelope envelope,
      int deliveries) throws InterruptedException {
    Throwable last = null;
    for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
      if (attempt > 1) {
        Thread.sleep(config.backoff().delay(attempt, random));
      }
      RoleRequest<Q> roleRequest = new RoleRequest<>(request, deliveries, attempt, config.producerName());
      Future<R> future = attempts.submit(() -> handler.handle(roleRequest));
      try {
        R result = future.get(config.handlerTimeout().toMillis(), TimeUnit.MILLISECONDS);
        if (result == null) {
          return failed(record, actionKey, envelope, FailureKind.PERMANENT, "no_result",
              config.role() + " handler returned no result", attempt, true);
        }
        return new Outcome.Completed(record, actionKey, result, roleRequest.usage());
      } catch (TimeoutException e) {
        future.cancel(true);
        last = new TransientFailureException(config.role() + " handler timed out after " + config.handlerTimeout());
      } catch (InterruptedException e) {
        future.cancel(true);
        throw e;
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
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
