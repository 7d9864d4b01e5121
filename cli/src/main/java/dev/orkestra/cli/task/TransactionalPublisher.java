package dev.orkestra.cli.task;

import dev.orkestra.runtime.KafkaConnection;
import dev.orkestra.topics.TopicSpec;
import java.time.Duration;
import java.util.Map;
import java.util.SequencedMap;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends what a person asked for (tasks, a decision, a control command) in one Kafka transaction:
 * the coordinator reads committed only, so it sees all of it or, if the broker fails part-way, none.
 */
public final class TransactionalPublisher {

  private TransactionalPublisher() {}

  /**
   * @param records key to value, sent in this order
   * @param purpose names the transactional id ({@code orkestra-<purpose>-<uuid>}) and the error
   */
  public static <V extends SpecificRecord> void publish(KafkaConnection kafka, TopicSpec<V> topic,
      SequencedMap<String, V> records, String purpose, Duration timeout) {
    int millis = (int) Math.clamp(timeout.toMillis(), 2_000, 600_000);
    Map<String, Object> config = kafka.clientConfig(Map.of(
        // A fresh id each time: no earlier producer's work is being resumed.
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "orkestra-" + purpose + "-" + UUID.randomUUID(),
        // A person waits for the answer: send at once, and give up within --timeout (Kafka requires
        // delivery >= linger + request timeout, so each request gets half of it).
        ProducerConfig.LINGER_MS_CONFIG, 0,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, millis,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis / 2,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis));
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
        new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      try {
        records.forEach((key, value) ->
            producer.send(new ProducerRecord<>(topic.name(), key, topic.valueSerde().encode(value))));
        producer.commitTransaction();
      } catch (KafkaException e) {
        producer.abortTransaction();
        throw new IllegalStateException("nothing sent (" + purpose + "): " + e.getMessage(), e);
      }
    }
  }
}
