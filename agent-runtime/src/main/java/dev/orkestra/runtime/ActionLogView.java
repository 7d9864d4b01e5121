package dev.orkestra.runtime;

import dev.orkestra.events.common.ActionRecord;
import dev.orkestra.topics.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this role has already done: the keys of its action log, read from the compacted topic.
 *
 * <p>A background thread tails the topic (read_committed, so only results whose transaction
 * committed count). Only keys are kept — the entry's existence is the whole answer, because the
 * result was written in the same transaction — so memory stays small however long the log is.
 */
final class ActionLogView implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ActionLogView.class);

  private final TopicSpec<ActionRecord> topic;
  private final String keyPrefix;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Admin admin;
  private final List<TopicPartition> partitions;
  private final Set<String> done = ConcurrentHashMap.newKeySet();
  private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
  private final Object progress = new Object();
  private final Thread tail;
  private volatile boolean running = true;

  ActionLogView(String bootstrapServers, TopicSpec<ActionRecord> topic, String role) {
    this.topic = topic;
    this.keyPrefix = role + ":";
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        // Uncommitted entries belong to results that may still abort: they must not count as done.
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.CLIENT_ID_CONFIG, "action-log-view-" + role),
        new StringDeserializer(), new ByteArrayDeserializer());
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    this.partitions = partitionsOf(topic.name());
    // No group: every instance reads the whole log, and nothing is committed.
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    this.tail = Thread.ofPlatform().daemon().name("action-log-view-" + role).start(this::run);
  }

  /** Metadata of a topic created a moment ago may not have reached this client yet: wait for it, briefly. */
  private List<TopicPartition> partitionsOf(String name) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      List<TopicPartition> partitions = consumer.partitionsFor(name).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition()))
          .toList();
      if (!partitions.isEmpty()) {
        return partitions;
      }
      if (System.nanoTime() > deadline) {
        consumer.close();
        throw new IllegalStateException("action log topic " + name + " does not exist");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }

  static String key(String role, String requestEventId) {
    return role + ":" + requestEventId;
  }

  /** Whether the entry is known now, without waiting for the tail to catch up. */
  boolean containsNow(String key) {
    return done.contains(key);
  }

  /**
   * Whether the entry exists, after the tail has read everything committed up to now. Used for
   * redeliveries, where the previous delivery may have committed a moment ago.
   */
  boolean containsAfterCatchUp(String key, Duration timeout) throws InterruptedException {
    Map<TopicPartition, Long> ends = committedEnds(timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (!caughtUp(ends)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException("action log " + topic.name() + " did not catch up within " + timeout);
        }
        progress.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
      }
    }
    return done.contains(key);
  }

  /** Remembers an entry this instance just committed, so it need not wait for its own write. */
  void add(String key) {
    done.add(key);
  }

  int size() {
    return done.size();
  }

  private boolean caughtUp(Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue());
  }

  private Map<TopicPartition, Long> committedEnds(Duration timeout) throws InterruptedException {
    try {
      Map<TopicPartition, OffsetSpec> request = partitions.stream()
          .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
      return admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS).entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the end of action log " + topic.name() + ": " + e.getMessage(), e);
    }
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.key() != null && record.key().startsWith(keyPrefix)) {
            if (record.value() == null) {
              done.remove(record.key());
            } else {
              done.add(record.key());
            }
          }
        }
        for (TopicPartition partition : consumer.assignment()) {
          positions.put(partition, consumer.position(partition));
        }
        synchronized (progress) {
          progress.notifyAll();
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("action log view of {} stopped: {}", topic.name(), e.toString());
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      tail.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    admin.close(Duration.ofSeconds(5));
  }
}
