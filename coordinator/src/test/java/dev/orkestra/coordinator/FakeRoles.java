package dev.orkestra.coordinator;

import dev.orkestra.coordinator.query.Events;
import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.CompositionRequested;
import dev.orkestra.events.query.ExtractionCompleted;
import dev.orkestra.events.query.ExtractionRequested;
import dev.orkestra.events.query.RetrievalRequested;
import dev.orkestra.events.query.VerificationCompleted;
import dev.orkestra.events.query.VerificationRequested;
import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.topics.TopicSpec;
import dev.orkestra.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Tiny stand-ins for the retriever, extractor, verifier, composer and auditor: one consumer on their
 * request topics answering every request of this test's queries (correlationId prefix) the way a
 * well-behaved role service would. Requests of other tests on the shared broker are left alone.
 */
final class FakeRoles implements AutoCloseable {

  private final String queryPrefix;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final Thread worker;
  private volatile boolean running = true;

  FakeRoles(EmbeddedKafkaBroker broker, String queryPrefix) {
    this.queryPrefix = queryPrefix;
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "fake-roles-" + queryPrefix,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        // The coordinator writes in transactions: only committed requests are real.
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), new ByteArrayDeserializer());
    this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
        new StringSerializer(), new ByteArraySerializer());
    consumer.subscribe(List.of(Topics.RETRIEVER_REQUESTS.name(), Topics.EXTRACTOR_REQUESTS.name(),
        Topics.VERIFIER_REQUESTS.name(), Topics.COMPOSER_REQUESTS.name(), Topics.AUDITOR_REQUESTS.name()));
    this.worker = Thread.ofPlatform().name("fake-roles-" + queryPrefix).start(this::run);
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          answer(record);
        }
        producer.flush();
      }
    } catch (WakeupException stopping) {
      // close() woke the poll up
    }
  }

  private void answer(ConsumerRecord<String, byte[]> record) {
    SpecificRecord request = Topics.byName(record.topic()).orElseThrow().valueSerde().decode(record.value());
    String queryId = Envelopes.of(request).getCorrelationId();
    if (!queryId.startsWith(queryPrefix)) {
      return;
    }
    switch (request) {
      case RetrievalRequested retrieval -> send(Topics.RETRIEVER_RESULTS, queryId, Events.retrieved(retrieval,
          List.of(Events.candidate("c1", retrieval.getPath(), retrieval.getStartLine(), retrieval.getEndLine(), 1.0))));
      case ExtractionRequested extraction -> {
        ExtractionCompleted extracted = Events.extracted(extraction);
        send(Topics.EXTRACTOR_RESULTS, extracted.getCandidateId(), extracted);
      }
      case VerificationRequested verification -> {
        VerificationCompleted verdict = Events.verified(verification, true);
        send(Topics.VERIFIER_RESULTS, verdict.getCandidateId(), verdict);
      }
      case CompositionRequested composition -> send(Topics.COMPOSER_RESULTS, queryId, Events.composed(composition));
      case AuditRequested audit -> send(Topics.AUDITOR_RESULTS, queryId, Events.audited(audit));
      default -> throw new IllegalStateException("no fake role for " + record.topic());
    }
  }

  private <V extends SpecificRecord> void send(TopicSpec<V> topic, String key, V value) {
    producer.send(new ProducerRecord<>(topic.name(), key, topic.valueSerde().encode(value)));
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    worker.join(Duration.ofSeconds(10));
    consumer.close();
    producer.close();
  }
}
