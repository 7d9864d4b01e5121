package dev.orkestra.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop every role service runs: consume {@code <role>.requests} as a work queue (a Kafka share
 * group), run the handler on virtual threads, write exactly one result or failure per request in a
 * transaction with its action-log entry, and only then acknowledge.
 *
 * <p>An instance runs {@code lanes} share consumers ({@link WorkLane}), each holding one batch at a
 * time; work that outlives a record's lock goes on in a new delivery; the action log ({@link
 * ActionLogView}) tells a redelivery whether its request was already handled, and the call journal
 * ({@link ActionLogCallJournal}) makes every model call once per request.
 */
public final class RoleService<Q extends SpecificRecord, R extends SpecificRecord>
    implements AutoCloseable, HealthReporting {

  private static final Logger log = LoggerFactory.getLogger(RoleService.class);

  private final RoleServiceConfig<Q, R> config;
  private final RoleHandler<Q, R> handler;
  private final Stats stats = new Stats();
  private final List<WorkLane> lanes = new ArrayList<>();
  private ExecutorService workers;
  private ActionLogView actionLog;
  private ActionLogCallJournal journal;
  private final java.util.List<java.util.function.Consumer<Throwable>> failureListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile Throwable failure;
  private volatile boolean closed;

  public RoleService(RoleServiceConfig<Q, R> config, RoleHandler<Q, R> handler) {
    this.config = config;
    this.handler = handler;
  }

  /** Counters for health checks and tests. */
  public static final class Stats {
    public final AtomicLong completed = new AtomicLong();
    public final AtomicLong failed = new AtomicLong();
    public final AtomicLong deadLettered = new AtomicLong();
    public final AtomicLong alreadyDone = new AtomicLong();
    public final AtomicLong acknowledged = new AtomicLong();
    /** Deliveries whose work outlived the lock and went on in a new delivery. */
    public final AtomicLong continued = new AtomicLong();
  }

  public RoleService<Q, R> start() {
    try {
      ShareGroupSetup.apply(config);
      workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(config.role() + "-", 0).factory());
      actionLog = new ActionLogView(config.kafka(), config.actionLog(), config.role(), config.actionLogLookback());
      journal = new ActionLogCallJournal(config, actionLog);
      RequestProcessor<Q, R> processor = new RequestProcessor<>(config, handler, actionLog, journal, workers,
          Clock.systemUTC());
      for (int i = 0; i < config.lanes(); i++) {
        lanes.add(new WorkLane(i, config, processor, workers, actionLog, journal, stats, this::laneEnded).start());
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    log.info("{} consuming {} as share group {} (concurrency {} in {} lanes)", config.producerName(),
        config.requests().name(), config.groupId(), config.concurrency(), config.lanes());
    return this;
  }

  /**
   * Starts a service whose handler uses {@code resource} (a source reader, an index): the returned
   * handle stops the service, then closes the resource; a failed start closes it at once.
   */
  public static <Q extends SpecificRecord, R extends SpecificRecord> AutoCloseable startOwning(
      RoleServiceConfig<Q, R> config, RoleHandler<Q, R> handler, AutoCloseable resource) {
    RoleService<Q, R> service;
    try {
      service = new RoleService<>(config, handler).start();
    } catch (RuntimeException e) {
      try {
        resource.close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return new Owning(service, resource);
  }

  /** A service and the resource its handler uses: closed in that order; reports the service's health. */
  private record Owning(RoleService<?, ?> service, AutoCloseable resource) implements AutoCloseable, HealthReporting {
    @Override
    public void close() throws Exception {
      try {
        service.close();
      } finally {
        resource.close();
      }
    }

    @Override
    public ServiceHealth health() {
      return service.health();
    }

    @Override
    public void onFailure(java.util.function.Consumer<Throwable> listener) {
      service.onFailure(listener);
    }
  }

  /** UP while its lanes run; DEGRADED while the action log cannot be read; DOWN once stopped. */
  @Override
  public ServiceHealth health() {
    long alive = lanes.stream().filter(WorkLane::isRunning).count();
    if (closed || failure != null || alive == 0) {
      return new ServiceHealth(config.role(), ServiceHealth.Status.DOWN,
          closed ? "stopped" : failure != null ? "stopped working: " + failure : "no lane is running");
    }
    String counts = stats.completed.get() + " completed, " + stats.failed.get() + " failed, "
        + stats.continued.get() + " continued";
    String stalled = actionLog.failure();
    if (stalled != null || alive < lanes.size()) {
      return new ServiceHealth(config.role(), ServiceHealth.Status.DEGRADED, (stalled != null
          ? "action log unreadable (" + stalled + "); " : "") + alive + "/" + lanes.size() + " lanes; " + counts);
    }
    return new ServiceHealth(config.role(), ServiceHealth.Status.UP, alive + " lanes; " + counts);
  }

  @Override
  public void onFailure(java.util.function.Consumer<Throwable> listener) {
    failureListeners.add(listener);
    if (failure != null) {
      listener.accept(failure);
    }
  }

  /** A lane's thread ended; if it was not asked to and none is left, the service has stopped by itself. */
  private void laneEnded(Throwable why) {
    if (!closed && lanes.stream().noneMatch(WorkLane::isRunning) && failure == null) {
      failure = why != null ? why : new IllegalStateException(config.role() + ": every lane stopped");
      failureListeners.forEach(listener -> listener.accept(failure));
    }
  }

  public RoleServiceConfig<Q, R> config() {
    return config;
  }

  public Stats stats() {
    return stats;
  }

  /**
   * Fault injection for tests: the broker loses this instance's consumers (as after a partition),
   * so their acquired records are released and redelivered elsewhere, while handlers already
   * running still finish and write their outcomes. The service then stops taking work.
   */
  public void simulateConsumerLoss() {
    lanes.forEach(WorkLane::simulateConsumerLoss);
  }

  /** Whether every lane has ended. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (WorkLane lane : lanes) {
      if (!lane.awaitStopped(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
        return false;
      }
    }
    return true;
  }

  /** Graceful stop: no new polls, in-flight handlers finish (up to the shutdown timeout) and are acknowledged. */
  @Override
  public void close() {
    closed = true;
    lanes.forEach(WorkLane::stop);
    lanes.forEach(WorkLane::close);
    if (workers != null) {
      workers.shutdownNow();
    }
    if (journal != null) {
      journal.close();
    }
    if (actionLog != null) {
      actionLog.close();
    }
    log.info("{} stopped: {} completed, {} failed, {} dead-lettered, {} already done, {} continued",
        config.producerName(), stats.completed.get(), stats.failed.get(), stats.deadLettered.get(),
        stats.alreadyDone.get(), stats.continued.get());
  }
}
