package dev.orkestra.coordinator;

import dev.orkestra.coordinator.query.QueryCoordinator;
import dev.orkestra.runtime.HealthReporting;
import dev.orkestra.runtime.KafkaConnection;
import dev.orkestra.runtime.ServiceHealth;
import dev.orkestra.topics.RecordLimits;
import dev.orkestra.topics.TopicProvisioner;
import dev.orkestra.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running coordinator: one KafkaStreams instance executing the {@link QueryCoordinator}
 * topology. {@link #start} returns once it is RUNNING; {@link #close} stops it gracefully
 * (in-flight transactions commit, state is flushed; queries continue on the next start).
 *
 * <p>It reports its health ({@link #health()}) and tells its host when it stops by itself
 * ({@link #onFailure}): a stream thread that dies is replaced up to three times in ten minutes
 * ({@link ThreadReplacementPolicy}), after that — or when the global thread dies, which Streams
 * cannot replace — the client stops, and the host should exit non-zero rather than run on without
 * a coordinator.
 */
public final class CoordinatorService implements AutoCloseable, HealthReporting {

  public static final String NAME = "coordinator";

  private static final Logger log = LoggerFactory.getLogger(CoordinatorService.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaStreams streams;
  private final CoordinatorConfig config;
  private final StreamsHealth health;

  private CoordinatorService(KafkaStreams streams, CoordinatorConfig config, StreamsHealth health) {
    this.streams = streams;
    this.config = config;
    this.health = health;
  }

  /** Starts with a one-minute limit for reaching RUNNING. */
  public static CoordinatorService start(String bootstrapServers, Path stateDir, CoordinatorConfig config) {
    return start(bootstrapServers, stateDir, config, Duration.ofMinutes(1));
  }

  /**
   * Ensures the registry topics exist (Streams never creates source topics and would not reach
   * RUNNING without them), starts the topology and waits until it is RUNNING.
   *
   * @param stateDir where the RocksDB stores live (e.g. {@code <data dir>/coordinator/streams})
   * @throws IllegalStateException if it stops or does not get RUNNING within {@code startTimeout}
   */
  public static CoordinatorService start(String bootstrapServers, Path stateDir, CoordinatorConfig config,
      Duration startTimeout) {
    return start(KafkaConnection.of(bootstrapServers), stateDir, config, startTimeout);
  }

  /** As above, every client with the pass-through settings of {@code kafka} ({@code orkestra.kafka.*}). */
  public static CoordinatorService start(KafkaConnection kafka, Path stateDir, CoordinatorConfig config,
      Duration startTimeout) {
    return start(kafka, stateDir, config, new QueryCoordinator(config).topology(),
        new ThreadReplacementPolicy(ThreadReplacementPolicy.DEFAULT_MAX, ThreadReplacementPolicy.DEFAULT_WINDOW),
        startTimeout);
  }

  /** Runs {@code topology} (tests give one that fails on purpose) with the coordinator's settings. */
  static CoordinatorService start(String bootstrapServers, Path stateDir, CoordinatorConfig config, Topology topology,
      ThreadReplacementPolicy replacements, Duration startTimeout) {
    return start(KafkaConnection.of(bootstrapServers), stateDir, config, topology, replacements, startTimeout);
  }

  static CoordinatorService start(KafkaConnection kafka, Path stateDir, CoordinatorConfig config, Topology topology,
      ThreadReplacementPolicy replacements, Duration startTimeout) {
    int replication = prepareTopics(kafka, config);
    try {
      Files.createDirectories(stateDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the coordinator state dir " + stateDir, e);
    }
    KafkaStreams streams = new KafkaStreams(topology,
        StreamsProperties.of(config, kafka, stateDir, replication));
    StreamsHealth health = new StreamsHealth(NAME, replacements);
    CountDownLatch settled = new CountDownLatch(1);
    AtomicReference<KafkaStreams.State> reached = new AtomicReference<>();
    streams.setStateListener((next, previous) -> {
      log.info("coordinator {}: {} -> {}", config.instanceId(), previous, next);
      health.onStateChange(next);
      if (next == KafkaStreams.State.RUNNING || next == KafkaStreams.State.ERROR
          || next == KafkaStreams.State.PENDING_SHUTDOWN || next == KafkaStreams.State.NOT_RUNNING) {
        reached.compareAndSet(null, next);
        settled.countDown();
      }
    });
    // Called on the dying thread: its name tells a stream thread from the global one.
    streams.setUncaughtExceptionHandler(exception -> health.onUncaught(exception, System.currentTimeMillis(),
        Thread.currentThread().getName()));
    streams.start();
    CoordinatorService service = new CoordinatorService(streams, config, health);
    try {
      if (!settled.await(startTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        service.close();
        throw new IllegalStateException("coordinator did not reach RUNNING within " + startTimeout
            + " (state " + streams.state() + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      service.close();
      throw new IllegalStateException("interrupted while starting the coordinator", e);
    }
    if (reached.get() != KafkaStreams.State.RUNNING) {
      service.close();
      throw new IllegalStateException("coordinator stopped while starting (state " + reached.get() + ")");
    }
    log.info("coordinator {} running (application.id {}, replication {}, state in {})", config.instanceId(),
        config.applicationId(), replication, stateDir);
    return service;
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  public CoordinatorConfig config() {
    return config;
  }

  /**
   * UP when RUNNING; DEGRADED while (re)balancing or when a stream thread was replaced in the last
   * ten minutes; DOWN once the client is in ERROR, stopped by itself, or was closed. The detail
   * names the Streams state and the last fatal error.
   */
  @Override
  public ServiceHealth health() {
    return health.health(System.currentTimeMillis());
  }

  /** The last error that killed a stream thread (or the global thread), if any. */
  public Throwable lastError() {
    return health.lastError();
  }

  /**
   * {@code listener} is called once when the client stops by itself: the fourth stream-thread death
   * within ten minutes, the global thread dying, or any other way to ERROR — never after {@link #close}.
   */
  @Override
  public void onFailure(Consumer<Throwable> listener) {
    health.onFailure(listener);
  }

  @Override
  public void close() {
    health.closing();
    // Leave the group on a graceful stop: otherwise the next instance (the next CLI question, a
    // restarted pod) waits out session.timeout.ms (45 s) for this member before it gets the tasks.
    // The price is one extra rebalance during a rolling restart, which is cheap for one small app.
    if (!streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP))) {
      log.warn("coordinator {} did not stop within {}", config.instanceId(), CLOSE_TIMEOUT);
    }
  }

  /**
   * Creates missing registry topics and the answer cache's topic (a global store's source, which
   * Streams does not create); returns the internal topics' replication factor.
   */
  private static int prepareTopics(KafkaConnection kafka, CoordinatorConfig config) {
    try (Admin admin = Admin.create(kafka.clientConfig(Map.of(
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis())))) {
      TopicProvisioner.ensure(admin, QueryCoordinator.topics(), ADMIN_TIMEOUT);
      int replication = config.replicationFactor() == CoordinatorConfig.AUTO_REPLICATION
          ? TopicProvisioner.replicationFactor(admin, ADMIN_TIMEOUT)
          : config.replicationFactor();
      createAnswerCacheTopic(admin, config.applicationId(), replication);
      return replication;
    }
  }

  private static void createAnswerCacheTopic(Admin admin, String applicationId, int replication) {
    NewTopic topic = new NewTopic(QueryCoordinator.answerCacheTopic(applicationId), Topics.QUERIES.partitions(),
        (short) replication).configs(Map.of(
            // Latest answer per key; the purge's tombstones remove expired ones.
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
            // Compact soon, so a starting instance loads few replaced or expired answers into its store.
            TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1",
            TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(Duration.ofHours(1).toMillis()),
            // An audited answer is one record of up to RecordLimits.MAX_VALUE_BYTES (docs/contracts.md).
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(RecordLimits.MAX_MESSAGE_BYTES)));
    TopicProvisioner.ensureTopics(admin, List.of(topic), ADMIN_TIMEOUT);
  }
}
