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
public final class RoleService<Q extends SpecificRecord, R extends SpecificRecord> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RoleService.class);

  private final RoleServiceConfig<Q, R> config;
  private final RoleHandler<Q, R> handler;
  private final Stats stats = new Stats();
  private final List<WorkLane> lanes = new ArrayList<>();
  private ExecutorService workers;
  private ActionLogView actionLog;
  private ActionLogCallJournal journal;

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
        lanes.add(new WorkLane(i, config, processor, workers, actionLog, journal, stats).start());
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
    return () -> {
      try {
        service.close();
      } finally {
        resource.close();
      }
    };
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
