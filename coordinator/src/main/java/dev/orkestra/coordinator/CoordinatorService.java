package dev.orkestra.coordinator;

import dev.orkestra.coordinator.query.QueryCoordinator;
import dev.orkestra.coordinator.task.TaskConfig;
import dev.orkestra.coordinator.task.TaskCoordinator;
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
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * The running coordinator: a KafkaStreams instance executing the {@link QueryCoordinator}
 * topology and, when the task pipeline is configured, a second one executing the
 * {@link TaskCoordinator} topology under its own application id (docs/coordinator.md says why two).
 * {@link #start} returns once both are RUNNING; {@link #close} stops them gracefully (in-flight
 * transactions commit, state is flushed; queries and tasks continue on the next start).
 *
 * <p>It reports its health ({@link #health()}) and tells its host when it stops by itself
 * ({@link #onFailure}): a stream thread that dies is replaced up to three times in ten minutes
 * ({@link ThreadReplacementPolicy}), after that — or when the global thread dies, which Streams
 * cannot replace — the client stops, and the host should exit non-zero rather than run on without
 * a coordinator. Either client stopping is a failure of the coordinator: a task pipeline that stopped
 * silently would leave every task waiting.
 */
public final class CoordinatorService implements AutoCloseable, HealthReporting {

  public static final String NAME = "coordinator";

  private static final Logger log = LoggerFactory.getLogger(CoordinatorService.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final StreamsApp queries;
  private final StreamsApp tasks;
  private final CoordinatorConfig config;

  private CoordinatorService(StreamsApp queries, StreamsApp tasks, CoordinatorConfig config) {
    this.queries = queries;
    this.tasks = tasks;
    this.config = config;
  }

  /** Starts the query pipeline only, with a one-minute limit for reaching RUNNING. */
  public static CoordinatorService start(String bootstrapServers, Path stateDir, CoordinatorConfig config) {
    return start(bootstrapServers, stateDir, config, Duration.ofMinutes(1));
  }

  /**
   * Ensures the registry topics exist (Streams never creates source topics and would not reach
   * RUNNING without them), starts the query topology and waits until it is RUNNING.
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
    return start(kafka, stateDir, config, (TaskConfig) null, startTimeout);
  }

  /**
   * The query pipeline and, unless {@code tasks} is null, the task pipeline beside it; returns once
   * both are RUNNING.
   */
  public static CoordinatorService start(KafkaConnection kafka, Path stateDir, CoordinatorConfig config,
      TaskConfig tasks, Duration startTimeout) {
    return launchAll(kafka, stateDir, config, new QueryCoordinator(config).topology(), tasks, startTimeout);
  }

  /** Runs {@code topology} (tests give one that fails on purpose) with the coordinator's settings, no tasks. */
  static CoordinatorService start(String bootstrapServers, Path stateDir, CoordinatorConfig config, Topology topology,
      ThreadReplacementPolicy replacements, Duration startTimeout) {
    KafkaConnection kafka = KafkaConnection.of(bootstrapServers);
    int replication = prepareTopics(kafka, config, false);
    StreamsApp queries = StreamsApp.launch(NAME, config, topology,
        StreamsProperties.of(config, kafka, createDirectories(stateDir), replication), replacements);
    return awaitRunning(new CoordinatorService(queries, null, config), replication, stateDir, startTimeout);
  }

  private static CoordinatorService launchAll(KafkaConnection kafka, Path stateDir, CoordinatorConfig config,
      Topology queryTopology, TaskConfig tasks, Duration startTimeout) {
    int replication = prepareTopics(kafka, config, tasks != null);
    createDirectories(stateDir);
    StreamsApp queries = StreamsApp.launch(NAME, config, queryTopology,
        StreamsProperties.of(config, kafka, stateDir, replication), newReplacementPolicy());
    StreamsApp taskApp = null;
    if (tasks != null) {
      // Its own application id: its own consumer group, transactions, internal topics and state
      // directory (<stateDir>/<application.id>-tasks), with the same settings as the query side.
      CoordinatorConfig taskSide = config.withApplicationId(TaskCoordinator.applicationId(config));
      taskApp = StreamsApp.launch(NAME + " tasks", taskSide, new TaskCoordinator(config, tasks).topology(),
          StreamsProperties.of(taskSide, kafka, stateDir, replication), newReplacementPolicy());
    }
    return awaitRunning(new CoordinatorService(queries, taskApp, config), replication, stateDir, startTimeout);
  }

  private static CoordinatorService awaitRunning(CoordinatorService service, int replication, Path stateDir,
      Duration startTimeout) {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    for (StreamsApp app : service.apps()) {
      KafkaStreams.State reached;
      try {
        reached = app.awaitSettled(Math.max(0, deadline - System.nanoTime()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        service.close();
        throw new IllegalStateException("interrupted while starting the coordinator", e);
      }
      if (reached == null) {
        service.close();
        throw new IllegalStateException(app.name() + " did not reach RUNNING within " + startTimeout
            + " (state " + app.streams().state() + ")");
      }
      if (reached != KafkaStreams.State.RUNNING) {
        service.close();
        throw new IllegalStateException(app.name() + " stopped while starting (state " + reached + ")");
      }
    }
    log.info("coordinator {} running (application.id {}{}, replication {}, state in {})",
        service.config.instanceId(), service.config.applicationId(),
        service.tasks == null ? ", task pipeline off" : " and " + TaskCoordinator.applicationId(service.config),
        replication, stateDir);
    return service;
  }

  /** The query pipeline's Streams state. */
  public KafkaStreams.State state() {
    return queries.streams().state();
  }

  /** The task pipeline's Streams state; empty when it is off. */
  public Optional<KafkaStreams.State> taskState() {
    return tasks == null ? Optional.empty() : Optional.of(tasks.streams().state());
  }

  public CoordinatorConfig config() {
    return config;
  }

  /**
   * UP when RUNNING; DEGRADED while (re)balancing or when a stream thread was replaced in the last
   * ten minutes; DOWN once a client is in ERROR, stopped by itself, or was closed. The detail
   * names the Streams state and the last fatal error, the task pipeline's after {@code "; tasks: "}.
   */
  @Override
  public ServiceHealth health() {
    long now = System.currentTimeMillis();
    ServiceHealth queryHealth = queries.health().health(now);
    if (tasks == null) {
      return queryHealth;
    }
    ServiceHealth taskHealth = tasks.health().health(now);
    ServiceHealth.Status worst = queryHealth.status().compareTo(taskHealth.status()) >= 0 ? queryHealth.status()
        : taskHealth.status();
    String detail = queryHealth.detail().equals("stopped") && taskHealth.detail().equals("stopped") ? "stopped"
        : queryHealth.detail() + "; tasks: " + taskHealth.detail();
    return new ServiceHealth(NAME, worst, detail);
  }

  /** The last error that killed a stream thread (or the global thread), if any; the query side's first. */
  public Throwable lastError() {
    Throwable error = queries.health().lastError();
    return error != null || tasks == null ? error : tasks.health().lastError();
  }

  /**
   * {@code listener} is called once when a client stops by itself: the fourth stream-thread death
   * within ten minutes, the global thread dying, or any other way to ERROR — never after {@link #close}.
   */
  @Override
  public void onFailure(Consumer<Throwable> listener) {
    AtomicBoolean called = new AtomicBoolean();
    Consumer<Throwable> once = error -> {
      if (called.compareAndSet(false, true)) {
        listener.accept(error);
      }
    };
    apps().forEach(app -> app.health().onFailure(once));
  }

  @Override
  public void close() {
    apps().forEach(app -> app.health().closing());
    for (StreamsApp app : apps()) {
      // Leave the group on a graceful stop: otherwise the next instance (the next CLI question, a
      // restarted pod) waits out session.timeout.ms (45 s) for this member before it gets the tasks.
      // The price is one extra rebalance during a rolling restart, which is cheap for one small app.
      if (!app.streams().close(CloseOptions.timeout(CLOSE_TIMEOUT)
          .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP))) {
        log.warn("{} {} did not stop within {}", app.name(), config.instanceId(), CLOSE_TIMEOUT);
      }
    }
  }

  private List<StreamsApp> apps() {
    return tasks == null ? List.of(queries) : List.of(queries, tasks);
  }

  private static ThreadReplacementPolicy newReplacementPolicy() {
    return new ThreadReplacementPolicy(ThreadReplacementPolicy.DEFAULT_MAX, ThreadReplacementPolicy.DEFAULT_WINDOW);
  }

  private static Path createDirectories(Path stateDir) {
    try {
      return Files.createDirectories(stateDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the coordinator state dir " + stateDir, e);
    }
  }

  /** One started Streams client with what watches it. */
  private record StreamsApp(String name, KafkaStreams streams, StreamsHealth health, CountDownLatch settled,
      AtomicReference<KafkaStreams.State> reached) {

    static StreamsApp launch(String name, CoordinatorConfig config, Topology topology, Properties props,
        ThreadReplacementPolicy replacements) {
      KafkaStreams streams = new KafkaStreams(topology, props);
      StreamsHealth health = new StreamsHealth(name, replacements);
      CountDownLatch settled = new CountDownLatch(1);
      AtomicReference<KafkaStreams.State> reached = new AtomicReference<>();
      streams.setStateListener((next, previous) -> {
        log.info("{} {}: {} -> {}", name, config.instanceId(), previous, next);
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
      return new StreamsApp(name, streams, health, settled, reached);
    }

    /** The first settled state (RUNNING, or a stop), or null if none came within {@code nanos}. */
    KafkaStreams.State awaitSettled(long nanos) throws InterruptedException {
      return settled.await(nanos, TimeUnit.NANOSECONDS) ? reached.get() : null;
    }
  }

  /**
   * Creates missing registry topics (the task pipeline's too when it runs) and the answer cache's
   * topic (a global store's source, which Streams does not create); returns the internal topics'
   * replication factor.
   */
  private static int prepareTopics(KafkaConnection kafka, CoordinatorConfig config, boolean withTasks) {
    try (Admin admin = Admin.create(kafka.clientConfig(Map.of(
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis())))) {
      TopicProvisioner.ensure(admin, QueryCoordinator.topics(), ADMIN_TIMEOUT);
      if (withTasks) {
        TopicProvisioner.ensure(admin, TaskCoordinator.topics(), ADMIN_TIMEOUT);
      }
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
