package dev.orkestra.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop every role service runs: consume {@code <role>.requests} as a work queue (a Kafka share
 * group), run the handler on virtual threads, write exactly one result or failure per request in a
 * transaction with its action-log entry, and only then acknowledge.
 *
 * <p>Share consumers are single-threaded and, in explicit mode, want every record of a poll
 * acknowledged before the next poll. So one platform thread polls a batch of up to
 * {@code concurrency} records, hands each to a virtual thread, and acknowledges them as their
 * outcomes are committed — several at a time in one transaction when they finish together.
 */
public final class RoleService<Q extends SpecificRecord, R extends SpecificRecord> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RoleService.class);

  private final RoleServiceConfig<Q, R> config;
  private final RoleHandler<Q, R> handler;
  private final Stats stats = new Stats();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running;
  private volatile boolean consumerLost;
  private ExecutorService workers;
  private ActionLogView actionLog;
  private OutcomeWriter<R> writer;
  private KafkaShareConsumer<String, byte[]> consumer;
  private Thread pollThread;

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
  }

  public RoleService<Q, R> start() {
    ShareGroupSetup.apply(config);
    workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(config.role() + "-", 0).factory());
    actionLog = new ActionLogView(config.bootstrapServers(), config.actionLog(), config.role());
    writer = new OutcomeWriter<>(config);
    consumer = new KafkaShareConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, config.groupId(),
        ConsumerConfig.CLIENT_ID_CONFIG, config.producerName(),
        // Explicit: a record is acknowledged only after its outcome's transaction committed.
        ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit",
        // A poll hands out at most one record per handler slot, so nothing waits unlocked-but-idle.
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.concurrency(),
        // A parked share fetch answers within 10 ms when work arrives just after it parked; the
        // 500 ms default showed up as hop latency (docs/performance.md). Idle cost: ~100 fetches/s.
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10),
        new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(config.requests().name()));
    RequestProcessor<Q, R> processor = new RequestProcessor<>(config, handler, actionLog, workers);
    running = true;
    pollThread = Thread.ofPlatform().name(config.role() + "-poll").start(() -> pollLoop(processor));
    log.info("{} consuming {} as share group {} (concurrency {})", config.producerName(), config.requests().name(),
        config.groupId(), config.concurrency());
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

  private void pollLoop(RequestProcessor<Q, R> processor) {
    try {
      while (running && !consumerLost) {
        var records = consumer.poll(Duration.ofMillis(200));
        if (records.isEmpty()) {
          continue;
        }
        BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
        int pending = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
          pending++;
          workers.submit(() -> {
            try {
              outcomes.add(processor.process(record));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
              // A bug in the runtime itself: leave the record unacknowledged so it is redelivered.
              log.error("{}: processing {}-{}@{} failed", config.role(), record.topic(), record.partition(),
                  record.offset(), e);
              outcomes.add(new Outcome.Unprocessed(record));
            }
          });
        }
        pending = drain(outcomes, pending);
        if (pending > 0) {
          log.warn("{}: {} records left unacknowledged at shutdown; the broker will redeliver them", config.role(),
              pending);
        }
      }
    } catch (WakeupException e) {
      // close() or simulateConsumerLoss()
    } catch (RuntimeException e) {
      log.error("{} poll loop stopped", config.role(), e);
    } finally {
      closeConsumer();
      stopped.countDown();
    }
  }

  /** Writes outcomes as they arrive and acknowledges them; returns how many never completed. */
  private int drain(BlockingQueue<Outcome> outcomes, int pending) {
    long shutdownDeadline = Long.MAX_VALUE;
    while (pending > 0) {
      if (!running && shutdownDeadline == Long.MAX_VALUE) {
        shutdownDeadline = System.nanoTime() + config.shutdownTimeout().toNanos();
      }
      if (System.nanoTime() > shutdownDeadline) {
        return pending;
      }
      Outcome first;
      try {
        first = outcomes.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return pending;
      }
      if (consumerLost && consumer != null) {
        closeConsumer();
      }
      if (first == null) {
        continue;
      }
      List<Outcome> batch = new ArrayList<>();
      batch.add(first);
      outcomes.drainTo(batch);
      pending -= batch.size();
      commit(batch);
    }
    return 0;
  }

  private void commit(List<Outcome> batch) {
    AcknowledgeType ack = AcknowledgeType.ACCEPT;
    try {
      writer.write(batch);
      batch.forEach(this::count);
    } catch (RuntimeException e) {
      // Nothing of the batch is visible: release so the broker redelivers to whoever is healthy.
      log.error("{}: writing {} outcomes failed; releasing them for redelivery", config.role(), batch.size(), e);
      ack = AcknowledgeType.RELEASE;
    }
    if (consumer == null) {
      return; // consumer lost: the broker already released these records; the action log covers the redelivery
    }
    for (Outcome outcome : batch) {
      consumer.acknowledge(outcome.request(), outcome instanceof Outcome.Unprocessed ? AcknowledgeType.RELEASE : ack);
    }
    consumer.commitAsync();
    stats.acknowledged.addAndGet(batch.size());
  }

  private void count(Outcome outcome) {
    switch (outcome) {
      case Outcome.Completed c -> {
        stats.completed.incrementAndGet();
        actionLog.add(c.actionKey());
      }
      case Outcome.Failed f -> {
        stats.failed.incrementAndGet();
        if (f.deadLetter() != null) {
          stats.deadLettered.incrementAndGet();
        }
        actionLog.add(f.actionKey());
      }
      case Outcome.Undecodable u -> stats.deadLettered.incrementAndGet();
      case Outcome.AlreadyDone a -> stats.alreadyDone.incrementAndGet();
      case Outcome.Unprocessed u -> { }
    }
  }

  private void closeConsumer() {
    if (consumer != null) {
      try {
        consumer.commitSync(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        log.debug("{}: final acknowledgement commit failed: {}", config.role(), e.toString());
      }
      // Closing releases every record still acquired by this member: they go to other instances.
      consumer.close(Duration.ofSeconds(5));
      consumer = null;
    }
  }

  /**
   * Fault injection for tests: the broker loses this instance's consumer (as after a crash or a
   * partition), so its acquired records are released and redelivered elsewhere, while handlers
   * already running still finish and write their outcomes. The service then stops.
   */
  public void simulateConsumerLoss() {
    consumerLost = true;
  }

  /** Whether the poll loop has ended. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Graceful stop: no new polls, in-flight handlers finish (up to the shutdown timeout) and are acknowledged. */
  @Override
  public void close() {
    running = false;
    try {
      if (pollThread != null) {
        pollThread.join(config.shutdownTimeout().plusSeconds(10));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (workers != null) {
      workers.shutdownNow();
    }
    if (writer != null) {
      writer.close();
    }
    if (actionLog != null) {
      actionLog.close();
    }
    log.info("{} stopped: {} completed, {} failed, {} dead-lettered, {} already done", config.producerName(),
        stats.completed.get(), stats.failed.get(), stats.deadLettered.get(), stats.alreadyDone.get());
  }
}
