package dev.orkestra.runtime;

import dev.orkestra.events.common.ActionRecord;
import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.events.common.Failure;
import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.serde.AvroSerde;
import dev.orkestra.events.common.ActionKind;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes a batch of outcomes in one Kafka transaction: each result (or failure) together with its
 * OUTCOME action-log entry, tombstones for the request's journaled calls, and dead letters. Either
 * all of a batch becomes visible or none of it, so an OUTCOME entry exists exactly when its result
 * does — and a journaled call is deleted only once the result it served is written.
 */
final class OutcomeWriter<R extends SpecificRecord> implements AutoCloseable {

  private final RoleServiceConfig<?, R> config;
  private final int lane;
  private KafkaProducer<String, byte[]> producer; // null after a failure: made anew before the next write
  private final AvroSerde<R> resultSerde;
  private final AvroSerde<Failure> failureSerde;
  private final AvroSerde<DeadLetter> deadLetterSerde;
  private final AvroSerde<ActionRecord> actionSerde;
  private final ActionLogView view;

  /** @param lane the lane that owns this writer; transactions of one producer never overlap */
  OutcomeWriter(RoleServiceConfig<?, R> config, int lane, ActionLogView view) {
    this.view = view;
    this.config = config;
    this.resultSerde = config.results().valueSerde();
    this.failureSerde = config.failures().valueSerde();
    this.deadLetterSerde = config.deadLetters().valueSerde();
    this.actionSerde = config.actionLog().valueSerde();
    this.lane = lane;
    this.producer = newProducer();
  }

  private KafkaProducer<String, byte[]> newProducer() {
    KafkaProducer<String, byte[]> created = new KafkaProducer<>(config.kafka().clientConfig(Map.of(
        // One id per instance and lane: share groups assign no partitions, so there is nothing to
        // fence by group generation; a restarted instance gets a new id and its old transactions time out.
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "orkestra-" + config.role() + "-" + config.instanceId() + "-" + lane,
        ProducerConfig.ACKS_CONFIG, "all",
        // A crashed instance's open transaction blocks read_committed readers until it times out:
        // keep that window short; a batch is written in milliseconds.
        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000,
        // Results are latency-sensitive (a user waits); batches form from concurrent handlers anyway.
        ProducerConfig.LINGER_MS_CONFIG, 1,
        ProducerConfig.CLIENT_ID_CONFIG, config.producerName() + "-" + lane)),
        new StringSerializer(), new ByteArraySerializer());
    try {
      created.initTransactions();
    } catch (RuntimeException e) {
      created.close(Duration.ZERO);
      throw e;
    }
    return created;
  }

  /**
   * Writes every outcome that produces records; returns once the transaction is committed, with
   * the journaled calls it deleted (for the caller to forget).
   */
  List<String> write(List<Outcome> outcomes) {
    if (producer == null) {
      producer = newProducer(); // the same transactional id: initTransactions fences what the old one left open
    }
    List<String> deletedCalls = new ArrayList<>();
    producer.beginTransaction();
    try {
      for (Outcome outcome : outcomes) {
        switch (outcome) {
          case Outcome.Completed done -> {
            byte[] payload = resultSerde.encode(resultType().cast(done.result()));
            send(config.results().name(), done.request().key(), payload);
            record(done.actionKey(), config.results().name(), done.request().key(), done.usage());
            deletedCalls.addAll(deleteCalls(done.actionKey()));
          }
          case Outcome.Failed failed -> {
            byte[] payload = failureSerde.encode(failed.failure());
            send(config.failures().name(), failed.failure().getEnvelope().getCorrelationId(), payload);
            record(failed.actionKey(), config.failures().name(), failed.request().key(), List.of());
            deletedCalls.addAll(deleteCalls(failed.actionKey()));
            if (failed.deadLetter() != null) {
              deadLetter(failed.deadLetter(), failed.request().key());
            }
          }
          case Outcome.Undecodable bad -> deadLetter(bad.deadLetter(), bad.request().key());
          // The same bytes, so the same eventId: the action log and the call journal recognise it.
          case Outcome.Continued more -> producer.send(new ProducerRecord<>(more.request().topic(), null,
              more.request().key(), more.request().value(), Continuations.next(more.request(), more.continuation())));
          case Outcome.AlreadyDone ignored -> { }
          case Outcome.Unprocessed ignored -> { }
        }
      }
      producer.commitTransaction();
      return deletedCalls;
    } catch (RuntimeException e) {
      abortQuietly(e);
      throw e;
    }
  }

  /** Tombstones for the calls journaled for this request: its result now stands for them. */
  private List<String> deleteCalls(String actionKey) {
    String requestEventId = actionKey.substring(actionKey.indexOf(':') + 1);
    List<String> keys = view.callKeysOf(config.role(), requestEventId);
    keys.forEach(key -> send(config.actionLog().name(), key, null));
    return keys;
  }

  private Class<R> resultType() {
    return config.results().valueType();
  }

  private void send(String topic, String key, byte[] payload) {
    producer.send(new ProducerRecord<>(topic, key, payload));
  }

  private void record(String actionKey, String resultTopic, String resultKey, List<ModelUsage> usage) {
    send(config.actionLog().name(), actionKey,
        actionSerde.encode(outcomeEntry(actionKey, config.role(), resultTopic, resultKey, usage)));
  }

  /** The OUTCOME entry of {@code actionKey}: its result is on {@code resultTopic} under {@code resultKey}. */
  static ActionRecord outcomeEntry(String actionKey, String role, String resultTopic, String resultKey,
      List<ModelUsage> usage) {
    return ActionRecord.newBuilder()
        .setRequestEventId(actionKey.substring(actionKey.indexOf(':') + 1))
        .setRole(role)
        .setRecordedAt(Envelopes.now())
        .setResultTopic(resultTopic)
        .setResultKey(resultKey)
        // The result lives on its topic, written in this transaction: a copy would only double the log.
        .setResultPayload(ByteBuffer.allocate(0))
        .setUsage(usage)
        .setKind(ActionKind.OUTCOME)
        .build();
  }

  private void deadLetter(DeadLetter letter, String key) {
    producer.send(new ProducerRecord<>(config.deadLetters().name(), null, key, deadLetterSerde.encode(letter),
        DeadLetters.headers(letter)));
  }

  /**
   * After a failed transaction the producer may be unusable (fenced, timed out mid-commit): it is
   * closed, and the next write makes a new one with the same transactional id.
   */
  private void abortQuietly(RuntimeException cause) {
    try {
      producer.abortTransaction();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
    try {
      producer.close(Duration.ZERO);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
    producer = null;
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(10));
    }
  }
}
