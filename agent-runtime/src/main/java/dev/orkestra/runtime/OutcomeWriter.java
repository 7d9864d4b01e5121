package dev.orkestra.runtime;

import dev.orkestra.events.common.ActionRecord;
import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.events.common.Failure;
import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.time.Duration;
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
 * action-log entry, and dead letters. Either all of a batch becomes visible or none of it, so an
 * action-log entry exists exactly when its result does.
 */
final class OutcomeWriter<R extends SpecificRecord> implements AutoCloseable {

  private final RoleServiceConfig<?, R> config;
  private final KafkaProducer<String, byte[]> producer;
  private final AvroSerde<R> resultSerde;
  private final AvroSerde<Failure> failureSerde;
  private final AvroSerde<DeadLetter> deadLetterSerde;
  private final AvroSerde<ActionRecord> actionSerde;

  OutcomeWriter(RoleServiceConfig<?, R> config) {
    this.config = config;
    this.resultSerde = config.results().valueSerde();
    this.failureSerde = config.failures().valueSerde();
    this.deadLetterSerde = config.deadLetters().valueSerde();
    this.actionSerde = config.actionLog().valueSerde();
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
        // One id per instance: share groups assign no partitions, so there is nothing to fence by
        // group generation; a restarted instance gets a new id and its old transactions time out.
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "orkestra-" + config.role() + "-" + config.instanceId(),
        ProducerConfig.ACKS_CONFIG, "all",
        // A crashed instance's open transaction blocks read_committed readers until it times out:
        // keep that window short; a batch is written in milliseconds.
        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000,
        // Results are latency-sensitive (a user waits); batches form from concurrent handlers anyway.
        ProducerConfig.LINGER_MS_CONFIG, 1,
        ProducerConfig.CLIENT_ID_CONFIG, config.producerName()),
        new StringSerializer(), new ByteArraySerializer());
    producer.initTransactions();
  }

  /** Writes every outcome that produces records; returns once the transaction is committed. */
  void write(List<Outcome> outcomes) {
    producer.beginTransaction();
    try {
      for (Outcome outcome : outcomes) {
        switch (outcome) {
          case Outcome.Completed done -> {
            byte[] payload = resultSerde.encode(resultType().cast(done.result()));
            send(config.results().name(), done.request().key(), payload);
            record(done.actionKey(), config.results().name(), done.request().key(), payload, done.usage());
          }
          case Outcome.Failed failed -> {
            byte[] payload = failureSerde.encode(failed.failure());
            send(config.failures().name(), failed.failure().getEnvelope().getCorrelationId(), payload);
            record(failed.actionKey(), config.failures().name(), failed.request().key(), payload, List.of());
            if (failed.deadLetter() != null) {
              deadLetter(failed.deadLetter(), failed.request().key());
            }
          }
          case Outcome.Undecodable bad -> deadLetter(bad.deadLetter(), bad.request().key());
          case Outcome.AlreadyDone ignored -> { }
          case Outcome.Unprocessed ignored -> { }
        }
      }
      producer.commitTransaction();
    } catch (RuntimeException e) {
      abortQuietly(e);
      throw e;
    }
  }

  private Class<R> resultType() {
    return config.results().valueType();
  }

  private void send(String topic, String key, byte[] payload) {
    producer.send(new ProducerRecord<>(topic, key, payload));
  }

  private void record(String actionKey, String resultTopic, String resultKey, byte[] payload, List<ModelUsage> usage) {
    ActionRecord entry = ActionRecord.newBuilder()
        .setRequestEventId(actionKey.substring(actionKey.indexOf(':') + 1))
        .setRole(config.role())
        .setRecordedAt(Envelopes.now())
        .setResultTopic(resultTopic)
        .setResultKey(resultKey)
        .setResultPayload(ByteBuffer.wrap(payload))
        .setUsage(usage)
        .build();
    send(config.actionLog().name(), actionKey, actionSerde.encode(entry));
  }

  private void deadLetter(DeadLetter letter, String key) {
    producer.send(new ProducerRecord<>(config.deadLetters().name(), null, key, deadLetterSerde.encode(letter),
        DeadLetters.headers(letter)));
  }

  private void abortQuietly(RuntimeException cause) {
    try {
      producer.abortTransaction();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
