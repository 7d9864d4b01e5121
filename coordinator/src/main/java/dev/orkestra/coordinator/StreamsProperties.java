package dev.orkestra.coordinator;

import dev.orkestra.topics.RecordLimits;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import dev.orkestra.runtime.KafkaConnection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams settings of the coordinator, each with the trade-off it makes. */
public final class StreamsProperties {

  /** Custom key passed through to the error handlers: the {@code producer} of the dead letters they write. */
  static final String PRODUCER_NAME = "orkestra.coordinator.producer";
  static final String UNKNOWN_PRODUCER = "coordinator@unknown";

  private StreamsProperties() {}

  /** The application id and a digest of host and state directory: stable across restarts of one instance. */
  static String staticMemberId(CoordinatorConfig config, Path stateDir) {
    String where;
    try {
      where = java.net.InetAddress.getLocalHost().getHostName() + ":" + stateDir.toAbsolutePath().normalize();
    } catch (java.net.UnknownHostException e) {
      where = stateDir.toAbsolutePath().normalize().toString();
    }
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(where.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return config.applicationId() + "-" + java.util.HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * @param replicationFactor the resolved replication factor of internal topics (never
   *     {@link CoordinatorConfig#AUTO_REPLICATION})
   */
  public static Properties of(CoordinatorConfig config, String bootstrapServers, Path stateDir, int replicationFactor) {
    return of(config, KafkaConnection.of(bootstrapServers), stateDir, replicationFactor);
  }

  /** Starts from the pass-through client settings (TLS, SASL, timeouts); the coordinator's own settings win. */
  public static Properties of(CoordinatorConfig config, KafkaConnection kafka, Path stateDir, int replicationFactor) {
    Properties props = kafka.clientProperties(Map.of());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    // Exactly-once: a consumed result, the state change it causes and the requests it sends commit in
    // one transaction, so a crash never loses a step or sends a request twice (no double model bills).
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // Under exactly-once, output is visible to role services (read_committed) only after the commit:
    // the interval is added to every hop. Measured with bin/bench (docs/performance.md), cached/find
    // p50 at concurrency 1: 10 ms -> ~150-195/200 ms, 3 ms -> 70/137 ms, 1 ms -> 60/122 ms, with the
    // same throughput at concurrency 32. Default 2 ms. An idle thread commits nothing, so the cost is
    // only under load: more, smaller transactions.
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(config.commitInterval().toMillis()));
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Integer.toString(replicationFactor));
    // Changelog-backed RocksDB stores live here; under the service's data dir so they survive restarts
    // (and restore from local files instead of the changelog), never in /tmp.
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(config.streamThreads()));
    // Internal topics and stores are named by the topology; an auto-generated name would change with
    // the topology and silently orphan the state behind it.
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
    // A record that is not a valid event must not stop the pipeline: it goes to the dead-letter topic.
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetteringDeserializationHandler.class.getName());
    // Behind the processors' own containment (an error response for the query): whatever still
    // fails while processing or producing is dead-lettered and the thread goes on, where the
    // defaults would stop it (and, restarted, fail on the same record again).
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringProcessingHandler.class.getName());
    props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringProductionHandler.class.getName());
    props.put(PRODUCER_NAME, config.producer());
    // A new application id reads topics from the start rather than missing queries sent while it
    // was joining; queries older than the pipeline could take are answered "expired", not run.
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // Latency over idle cost (measured, docs/performance.md): a stream thread checks its commit
    // interval only between polls, so with the 100 ms default poll an answer waited up to 100 ms for
    // its transaction to commit once input went quiet; 5 ms polls cost a few wake-ups per second.
    props.put(StreamsConfig.POLL_MS_CONFIG, "5");
    // Static membership: an instance restarted on the same state directory (after a crash, a
    // rolling deploy) takes its tasks back at once instead of waiting out session.timeout.ms (45 s)
    // for its dead self to leave the group (measured: 45 s of no answers after a SIGKILL without
    // it). The id is the state directory's, which RocksDB already keeps to one live instance.
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), staticMemberId(config, stateDir));
    // A fetch the broker parks waits up to this long for data; 10 ms instead of 500 ms bounds what a
    // read_committed fetch can add to a hop when the records it waits for commit just after it parked.
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), "10");
    // Each commit flushes anyway; batching by linger only delays the first request of a query.
    props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "0");
    // Sizes set together (RecordLimits, docs/contracts.md): the processors refuse any value above
    // MAX_VALUE_BYTES before it reaches the producer, because under exactly-once a record the
    // producer refuses makes the whole transaction abortable (the input is then processed again,
    // and fails again). The producer's and the internal topics' limits sit above that with room for
    // key and headers.
    props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
        Integer.toString(RecordLimits.MAX_REQUEST_BYTES));
    props.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG),
        Integer.toString(RecordLimits.MAX_MESSAGE_BYTES));
    return props;
  }

  /** The producer name an error handler was configured with (see {@link #PRODUCER_NAME}). */
  static String producerName(Map<String, ?> configs) {
    Object name = configs.get(PRODUCER_NAME);
    return name == null ? UNKNOWN_PRODUCER : name.toString();
  }
}
