package dev.orkestra.cli.query;

import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.runtime.KafkaConnection;
import dev.orkestra.events.query.QueryResponse;
import dev.orkestra.serde.AvroSerde;
import dev.orkestra.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes questions and waits for their answers: the client side of the query pipeline, used by
 * the CLI, the end-to-end tests and the benchmark.
 *
 * <p>One consumer reads {@code orkestra.responses} from its end (no group: every client sees every
 * answer and keeps the ones it asked for), so many questions can be in flight at once.
 */
public final class QueryClient implements AutoCloseable {

  private final KafkaProducer<String, QueryRequested> producer;
  private final KafkaConsumer<String, QueryResponse> consumer;
  private final Map<String, CompletableFuture<QueryResponse>> pending = new ConcurrentHashMap<>();
  private final CountDownLatch positioned = new CountDownLatch(1);
  private final Thread reader;
  private volatile boolean running = true;

  public QueryClient(String bootstrapServers) {
    this(KafkaConnection.of(bootstrapServers));
  }

  /** With the pass-through client settings ({@code orkestra.kafka.*}: TLS, SASL, timeouts). */
  public QueryClient(KafkaConnection kafka) {
    this.producer = new KafkaProducer<>(kafka.clientConfig(Map.of(
        // A person (or a benchmark) waits for each question: send at once.
        ProducerConfig.LINGER_MS_CONFIG, 0)),
        new StringSerializer(), Topics.QUERIES.valueSerde().serializer());
    this.consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(
        // Answers come from the coordinator's exactly-once transactions: only committed ones count.
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10)),
        new StringDeserializer(), AvroSerde.of(QueryResponse.class).deserializer());
    this.reader = Thread.ofPlatform().daemon().name("query-client-responses").start(this::readResponses);
  }

  /** Publishes {@code request}; the future completes with the answer whose correlation id matches. */
  public CompletableFuture<QueryResponse> ask(QueryRequested request) {
    awaitPositioned();
    String queryId = request.getEnvelope().getCorrelationId();
    CompletableFuture<QueryResponse> answer = new CompletableFuture<>();
    pending.put(queryId, answer);
    producer.send(new ProducerRecord<>(Topics.QUERIES.name(), queryId, request), (metadata, error) -> {
      if (error != null) {
        pending.remove(queryId);
        answer.completeExceptionally(error);
      }
    });
    return answer;
  }

  private void readResponses() {
    try {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.RESPONSES.name()).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition()))
          .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // resolve the end now, before any question is sent
      positioned.countDown();
      while (running) {
        for (ConsumerRecord<String, QueryResponse> record : consumer.poll(Duration.ofMillis(100))) {
          CompletableFuture<QueryResponse> answer = pending.remove(record.key());
          if (answer != null) {
            answer.complete(record.value());
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      pending.values().forEach(answer -> answer.completeExceptionally(e));
    } finally {
      positioned.countDown();
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private void awaitPositioned() {
    try {
      if (!positioned.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("cannot read " + Topics.RESPONSES.name() + " within 30 s: is the broker reachable?");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    if (!running || !reader.isAlive()) {
      throw new IllegalStateException("the response reader stopped");
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      reader.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
    pending.values().forEach(answer -> answer.cancel(false));
  }
}
