package dev.orkestra.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One share consumer of a role instance and the batch it holds: poll a batch, run each record's
 * handler on a virtual thread, write outcomes as they finish (in transactions, with their action-log
 * entries) and only then acknowledge them; poll again once the whole batch is acknowledged.
 *
 * <p>Kafka 4.2's share consumer, measured (docs/runtime.md): in explicit mode every record a poll
 * returned must be acknowledged before the next poll, so a lane holds one batch at a time, and an
 * instance runs several lanes so that one waiting on a slow handler does not stop the others. Locks
 * are not renewed — a consumer that renews keeps acquiring records it never hands out, which then
 * come back again and again until the broker archives them — so every delivery ends before its
 * record's lock: {@link RequestProcessor} gets the time this lane's batch has left, and work that
 * does not fit is continued in a new delivery ({@link Outcome.Continued}).
 */
final class WorkLane implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WorkLane.class);
  /** How long a poll waits for work when the lane is idle. */
  private static final Duration IDLE_POLL = Duration.ofMillis(200);

  /** One record of the held batch. Touched by the lane's thread only. */
  private static final class Delivery {
    final ConsumerRecord<String, byte[]> record;
    AcknowledgeType terminal;

    Delivery(ConsumerRecord<String, byte[]> record) {
      this.record = record;
    }
  }

  private final int index;
  private final RoleServiceConfig<?, ?> config;
  private final RequestProcessor<?, ?> processor;
  private final ExecutorService workers;
  private final ActionLogView view;
  private final ActionLogCallJournal journal;
  private final RoleService.Stats stats;
  private final OutcomeWriter<?> writer;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final java.util.function.Consumer<Throwable> ended;
  private KafkaShareConsumer<String, byte[]> consumer;
  private Thread thread;
  private volatile boolean running = true;
  private volatile boolean lost;

  WorkLane(int index, RoleServiceConfig<?, ?> config, RequestProcessor<?, ?> processor, ExecutorService workers,
      ActionLogView view, ActionLogCallJournal journal, RoleService.Stats stats,
      java.util.function.Consumer<Throwable> ended) {
    this.ended = ended;
    this.index = index;
    this.config = config;
    this.processor = processor;
    this.workers = workers;
    this.view = view;
    this.journal = journal;
    this.stats = stats;
    this.writer = new OutcomeWriter<>(config, index, view);
  }

  WorkLane start() {
    consumer = newConsumer();
    thread = Thread.ofPlatform().name(config.role() + "-lane-" + index).start(this::run);
    return this;
  }

  private KafkaShareConsumer<String, byte[]> newConsumer() {
    KafkaShareConsumer<String, byte[]> created = new KafkaShareConsumer<>(config.kafka().clientConfig(Map.of(
        ConsumerConfig.GROUP_ID_CONFIG, config.groupId(),
        ConsumerConfig.CLIENT_ID_CONFIG, config.producerName() + "-" + index,
        // Explicit: a record is acknowledged only after its outcome's transaction committed.
        ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit",
        // A poll hands out at most one record per handler slot of this lane. fetch.max.wait.ms stays
        // at its 500 ms default: a parked share fetch answers as soon as work arrives (measured, plain
        // and read_committed: the same send-to-receipt p50 at 10, 100 and 500 ms), while 10 ms cost
        // ~6% of a core per idle consumer against ~1% (docs/runtime.md).
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.laneBatch())),
        new StringDeserializer(), new ByteArrayDeserializer());
    created.setAcknowledgementCommitCallback((offsets, exception) -> {
      if (exception != null) {
        // A lost lock or a broker restart: the record goes to another
        // instance, which finds the outcome in the action log if it was written.
        log.warn("{} lane {}: acknowledgement of {} failed: {}", config.role(), index, offsets, exception.toString());
      }
    });
    created.subscribe(List.of(config.requests().name()));
    return created;
  }

  private void run() {
    try {
      while (running && !lost) {
        try {
          if (consumer == null) {
            consumer = newConsumer();
          }
          ConsumerRecords<String, byte[]> records = consumer.poll(IDLE_POLL);
          if (!records.isEmpty()) {
            work(records);
          }
        } catch (WakeupException e) {
          throw e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (RuntimeException e) {
          // A lane never dies on one bad moment: hand what it holds back to the broker and go on
          // with a new consumer (the records are redelivered; the action log covers what was written).
          log.error("{} lane {} failed; restarting its consumer", config.role(), index, e);
          closeConsumer();
          Thread.sleep(1_000);
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeConsumer();
      stopped.countDown();
      if (running && !lost) {
        ended.accept(new IllegalStateException(config.role() + " lane " + index + " ended unexpectedly"));
      }
    }
  }

  /** Whether the lane's thread still runs. */
  boolean isRunning() {
    return thread != null && thread.isAlive();
  }

  /** Runs one batch to its end: every record written and acknowledged, or released. */
  private void work(ConsumerRecords<String, byte[]> records) throws InterruptedException {
    // The locks of this batch run from now; outcomes must be written a margin before they end.
    Instant deliveryEnds = Instant.now().plus(deliveryBudget());
    Map<String, Delivery> open = new LinkedHashMap<>();
    BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      open.put(id(record), new Delivery(record));
      workers.submit(() -> {
        try {
          outcomes.add(processor.process(record, deliveryEnds));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          // A bug in the runtime itself: release the record so it is redelivered.
          log.error("{}: processing {}-{}@{} failed", config.role(), record.topic(), record.partition(),
              record.offset(), e);
          outcomes.add(new Outcome.Unprocessed(record));
        }
      });
    }
    long shutdownDeadline = Long.MAX_VALUE;
    int unfinished = open.size();
    while (unfinished > 0) {
      long now = System.nanoTime();
      if (!running && shutdownDeadline == Long.MAX_VALUE) {
        shutdownDeadline = now + config.shutdownTimeout().toNanos();
      }
      if (now > shutdownDeadline) {
        log.warn("{} lane {}: {} records left unfinished at shutdown; the broker will redeliver them",
            config.role(), index, unfinished);
        return;
      }
      if (lost) {
        closeConsumer(); // the broker gets the records back; outcomes are still written below
      }
      Outcome first = outcomes.poll(100, TimeUnit.MILLISECONDS);
      if (first == null) {
        continue;
      }
      List<Outcome> batch = new ArrayList<>();
      batch.add(first);
      outcomes.drainTo(batch);
      unfinished -= batch.size();
      commit(batch, open, deliveryEnds);
      if (lost) {
        closeConsumer();
      }
      if (consumer != null) {
        acknowledgeFinished(open);
      }
    }
  }

  /** The lock the broker grants this consumer, less a margin for writing and acknowledging outcomes. */
  private Duration deliveryBudget() {
    long lockMs = consumer.acquisitionLockTimeoutMs().map(Integer::longValue).orElse(config.lockDuration().toMillis());
    return Duration.ofMillis(lockMs - Math.max(500, lockMs / 5));
  }

  /**
   * Writes finished outcomes in one transaction and decides how each record is acknowledged. A
   * failed write is tried again while the records' locks last: every release counts a delivery when
   * the record is taken again, and a broker that is still loading its transaction state after a
   * restart would otherwise burn a request's deliveries in milliseconds.
   */
  private void commit(List<Outcome> batch, Map<String, Delivery> open, Instant deliveryEnds)
      throws InterruptedException {
    AcknowledgeType ack = AcknowledgeType.ACCEPT;
    long pauseMs = 100;
    List<Outcome> unwritten = batch;
    while (true) {
      try {
        // What the action log shows as done is not written again. Another instance may have written
        // one of these: a redelivery after a crash between commit and acknowledgement, or a broker
        // restart that forgot delivery counts and handed a committed record out as a first delivery
        // (which the processor only checks in memory). And a failed attempt below may have committed
        // after all (a commit that timed out). Every such commit happened before this delivery was
        // acquired, so a view that has read the log to its end now has seen it.
        unwritten = notYetWritten(unwritten);
        List<String> deletedCalls = writer.write(unwritten);
        batch.forEach(this::count);
        batch.forEach(this::settle);
        journal.forget(deletedCalls);
        config.listener().committed(batch.stream().map(Outcome::requestEventId).filter(Objects::nonNull).toList());
        break;
      } catch (RuntimeException e) {
        if (worthRetrying(e) && Instant.now().plusMillis(pauseMs).isBefore(deliveryEnds) && running && !lost) {
          log.warn("{} lane {}: writing {} outcomes failed ({}); trying again in {} ms", config.role(), index,
              batch.size(), e.toString(), pauseMs);
          Thread.sleep(pauseMs);
          pauseMs = Math.min(2_000, pauseMs * 2);
          continue;
        }
        // Nothing of the batch is visible: release so the broker redelivers to whoever is healthy.
        // Journaled model calls stay, so the redelivery does not pay for them again.
        log.error("{} lane {}: writing {} outcomes failed; releasing them for redelivery", config.role(), index,
            batch.size(), e);
        ack = AcknowledgeType.RELEASE;
        batch.forEach(this::settle);
        break;
      }
    }
    for (Outcome outcome : batch) {
      Delivery delivery = open.get(id(outcome.request()));
      if (delivery != null) {
        delivery.terminal = outcome instanceof Outcome.Unprocessed ? AcknowledgeType.RELEASE : ack;
      }
    }
  }

  private void settle(Outcome outcome) {
    if (outcome.actionKey() != null) {
      processor.settled(outcome.actionKey());
    }
  }

  /** The outcomes whose OUTCOME entry the action log does not show, once it has read all that committed. */
  private List<Outcome> notYetWritten(List<Outcome> outcomes) throws InterruptedException {
    if (outcomes.stream().allMatch(o -> o.actionKey() == null)) {
      return outcomes; // nothing the log records: no need to read it
    }
    try {
      view.catchUp(Duration.ofSeconds(10));
    } catch (ActionLogView.UnavailableException e) {
      throw new IllegalStateException("cannot tell which outcomes are written already: " + e.getMessage(), e);
    }
    return outcomes.stream().filter(o -> o.actionKey() == null || !view.containsNow(o.actionKey())).toList();
  }

  /** A record too large for the topic stays too large: no point in writing it again. */
  private static boolean worthRetrying(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.apache.kafka.common.errors.RecordTooLargeException
          || t instanceof org.apache.kafka.common.errors.SerializationException) {
        return false;
      }
    }
    return true;
  }

  private void acknowledgeFinished(Map<String, Delivery> open) {
    int acknowledged = 0;
    for (Iterator<Delivery> it = open.values().iterator(); it.hasNext(); ) {
      Delivery delivery = it.next();
      if (delivery.terminal != null) {
        consumer.acknowledge(delivery.record, delivery.terminal);
        it.remove();
        acknowledged++;
      }
    }
    if (acknowledged > 0) {
      consumer.commitAsync();
      stats.acknowledged.addAndGet(acknowledged);
    }
  }

  private void count(Outcome outcome) {
    switch (outcome) {
      case Outcome.Completed c -> {
        stats.completed.incrementAndGet();
        view.add(c.actionKey());
      }
      case Outcome.Failed f -> {
        stats.failed.incrementAndGet();
        if (f.deadLetter() != null) {
          stats.deadLettered.incrementAndGet();
        }
        view.add(f.actionKey());
      }
      case Outcome.Undecodable u -> stats.deadLettered.incrementAndGet();
      case Outcome.AlreadyDone a -> stats.alreadyDone.incrementAndGet();
      case Outcome.Continued c -> stats.continued.incrementAndGet();
      case Outcome.Unprocessed u -> { }
    }
  }

  private static String id(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }

  private void closeConsumer() {
    if (consumer != null) {
      try {
        consumer.commitSync(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        log.debug("{} lane {}: final acknowledgement commit failed: {}", config.role(), index, e.toString());
      }
      try {
        // Closing releases every record still acquired by this member: they go to other instances.
        consumer.close(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        log.warn("{} lane {}: closing its consumer failed: {}", config.role(), index, e.toString());
      }
      consumer = null;
    }
  }

  /** Fault injection: the broker loses this lane's consumer; handlers still finish and write. */
  void simulateConsumerLoss() {
    lost = true;
  }

  void stop() {
    running = false;
  }

  boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    running = false;
    try {
      if (thread != null) {
        thread.join(config.shutdownTimeout().plusSeconds(10));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.close();
  }
}
