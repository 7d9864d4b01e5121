package dev.orkestra.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.orkestra.events.common.ActionKind;
import dev.orkestra.events.common.ActionRecord;
import dev.orkestra.serde.AvroSerde;
import dev.orkestra.topics.TopicSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this role has done and paid for recently: its action-log entries, read from the topic.
 *
 * <p>A background thread tails the topic (read_committed, so only outcomes whose transaction
 * committed count). Only the last {@code lookback} matters — no request stays unfinished longer —
 * so a starting instance reads from {@code now - lookback}, and entries leave memory when they get
 * older than that: the view stays bounded however long the service runs. OUTCOME entries are kept
 * as keys (existence is the answer: the result was written in the same transaction); CALL entries
 * keep their payload until the request's outcome deletes them with a tombstone.
 */
final class ActionLogView implements HandledRequests, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ActionLogView.class);
  private static final AvroSerde<ActionRecord> ENTRIES = AvroSerde.of(ActionRecord.class);
  /** Far more outcomes than an hour of any role's work; past it the oldest go first. */
  private static final long MAX_OUTCOMES = 1_000_000;
  /** Journaled model answers awaiting their request's outcome; past it a replay pays again. */
  private static final long MAX_CALL_BYTES = 64L * 1024 * 1024;
  private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

  /** The view cannot say whether a request was handled: its tail stalled or the cluster did not answer. */
  static final class UnavailableException extends Exception {
    UnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final TopicSpec<ActionRecord> topic;
  private final String keyPrefix;
  private final Duration lookback;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Admin admin;
  private final List<TopicPartition> partitions;
  private final Cache<String, Long> outcomes;
  private final Cache<String, ActionRecord> calls;
  private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
  private final Object progress = new Object();
  private final Thread tail;
  private volatile boolean running = true;
  private volatile String failure;

  ActionLogView(KafkaConnection kafka, TopicSpec<ActionRecord> topic, String role, Duration lookback) {
    this.topic = topic;
    this.keyPrefix = role + ":";
    this.lookback = lookback;
    this.outcomes = Caffeine.newBuilder().maximumSize(MAX_OUTCOMES).expireAfter(this.<Long>olderThanLookback(v -> v)).build();
    this.calls = Caffeine.newBuilder()
        .maximumWeight(MAX_CALL_BYTES)
        .weigher((String key, ActionRecord entry) -> entry.getResultPayload().remaining() + key.length())
        .expireAfter(olderThanLookback((ActionRecord entry) -> entry.getRecordedAt().toEpochMilli()))
        .build();
    this.consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(
        // Uncommitted entries belong to results that may still abort: they must not count as done.
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.CLIENT_ID_CONFIG, "action-log-view-" + role)),
        new StringDeserializer(), new ByteArrayDeserializer());
    this.admin = Admin.create(kafka.clientConfig(Map.of()));
    try {
      this.partitions = partitionsOf(topic.name());
      // No group: every instance reads the log itself, and nothing is committed.
      consumer.assign(partitions);
      seekToLookback();
    } catch (RuntimeException e) {
      consumer.close(Duration.ofSeconds(5));
      admin.close(Duration.ofSeconds(5));
      throw e;
    }
    this.tail = Thread.ofPlatform().daemon().name("action-log-view-" + role).start(this::run);
  }

  private <V> Expiry<String, V> olderThanLookback(java.util.function.ToLongFunction<V> recordedAt) {
    return new Expiry<>() {
      @Override
      public long expireAfterCreate(String key, V value, long currentTime) {
        long left = recordedAt.applyAsLong(value) + lookback.toMillis() - System.currentTimeMillis();
        return TimeUnit.MILLISECONDS.toNanos(Math.max(0, left));
      }

      @Override
      public long expireAfterUpdate(String key, V value, long currentTime, long currentDuration) {
        return expireAfterCreate(key, value, currentTime);
      }

      @Override
      public long expireAfterRead(String key, V value, long currentTime, long currentDuration) {
        return currentDuration;
      }
    };
  }

  /** Metadata of a topic created a moment ago may not have reached this client yet: wait for it, briefly. */
  private List<TopicPartition> partitionsOf(String name) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      List<TopicPartition> found = consumer.partitionsFor(name).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition()))
          .toList();
      if (!found.isEmpty()) {
        return found;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("action log topic " + name + " does not exist");
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }

  /** Entries older than the lookback cannot concern any request still in flight: skip them. */
  private void seekToLookback() {
    long since = System.currentTimeMillis() - lookback.toMillis();
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(tp -> query.put(tp, since));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, Duration.ofSeconds(30));
    for (TopicPartition tp : partitions) {
      OffsetAndTimestamp at = found.get(tp);
      if (at == null) {
        consumer.seekToEnd(List.of(tp)); // every entry is older than the lookback
      } else {
        consumer.seek(tp, at.offset());
      }
    }
  }

  static String key(String role, String requestEventId) {
    return role + ":" + requestEventId;
  }

  static String callKey(String role, String requestEventId, String callName) {
    return role + ":" + requestEventId + ":" + callName;
  }

  /** Whether the outcome is known now, without waiting for the tail to catch up. */
  @Override
  public boolean containsNow(String key) {
    return outcomes.getIfPresent(key) != null;
  }

  /**
   * Whether the outcome exists, after the tail has read everything committed up to now. Used for
   * redeliveries, where the previous delivery may have committed a moment ago.
   */
  @Override
  public boolean containsAfterCatchUp(String key, Duration timeout) throws UnavailableException, InterruptedException {
    catchUp(timeout);
    return containsNow(key);
  }

  /** A journaled call, as far as the tail has read. */
  Optional<ActionRecord> call(String key) {
    return Optional.ofNullable(calls.getIfPresent(key));
  }

  /**
   * Waits until the journal entry under {@code key} is no longer {@code current} (answered,
   * withdrawn) or {@code until} has come.
   */
  void awaitChange(String key, ActionRecord current, java.time.Instant until) throws InterruptedException {
    synchronized (progress) {
      while (calls.getIfPresent(key) == current && java.time.Instant.now().isBefore(until)) {
        progress.wait(100);
      }
    }
  }

  /** The call keys journaled for one request (the outcome's transaction deletes them). */
  List<String> callKeysOf(String role, String requestEventId) {
    String prefix = key(role, requestEventId) + ":";
    return calls.asMap().keySet().stream().filter(k -> k.startsWith(prefix)).toList();
  }

  /** Waits until the tail has read everything committed to the log up to now. */
  void catchUp(Duration timeout) throws UnavailableException, InterruptedException {
    Map<TopicPartition, Long> ends = committedEnds(timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (!caughtUp(ends)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new UnavailableException("action log " + topic.name() + " did not catch up within " + timeout
              + (failure == null ? "" : " (" + failure + ")"), null);
        }
        progress.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
      }
    }
  }

  /** Remembers an outcome this instance just committed, so it need not wait for its own write. */
  void add(String key) {
    outcomes.put(key, System.currentTimeMillis());
  }

  /** Remembers a call this instance just journaled. */
  void addCall(String key, ActionRecord entry) {
    calls.put(key, entry);
  }

  /** Forgets calls whose request's outcome committed (their tombstones are on the way). */
  void forgetCalls(List<String> keys) {
    calls.invalidateAll(keys);
  }

  int size() {
    return (int) outcomes.estimatedSize();
  }

  /** Null while the tail reads normally, else why it does not. */
  String failure() {
    return failure;
  }

  private boolean caughtUp(Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue());
  }

  private Map<TopicPartition, Long> committedEnds(Duration timeout) throws UnavailableException, InterruptedException {
    try {
      Map<TopicPartition, OffsetSpec> request = partitions.stream()
          .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
      return admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS).entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      throw new UnavailableException("cannot read the end of action log " + topic.name() + ": " + e.getMessage(), e);
    }
  }

  private void run() {
    try {
      while (running) {
        try {
          for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            apply(record);
          }
          for (TopicPartition partition : consumer.assignment()) {
            positions.put(partition, consumer.position(partition));
          }
          failure = null;
          synchronized (progress) {
            progress.notifyAll();
          }
        } catch (WakeupException e) {
          throw e;
        } catch (RuntimeException e) {
          // The cluster may be restarting: keep trying; catch-ups fail meanwhile, so redeliveries wait.
          if (failure == null) {
            log.warn("action log view of {} stalled: {}", topic.name(), e.toString());
          }
          failure = e.toString();
          LockSupport.parkNanos(RETRY_BACKOFF.toNanos());
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    String key = record.key();
    if (key == null || !key.startsWith(keyPrefix)) {
      return;
    }
    if (record.value() == null) {
      outcomes.invalidate(key);
      calls.invalidate(key);
      return;
    }
    ActionRecord entry;
    try {
      entry = ENTRIES.decode(record.value());
    } catch (RuntimeException e) {
      // The key still says the request was handled: count it, so the work is never repeated.
      log.warn("action log entry {} at {}-{}@{} is undecodable ({}); counting it as an outcome", key, record.topic(),
          record.partition(), record.offset(), e.getMessage());
      outcomes.put(key, record.timestamp());
      return;
    }
    if (entry.getKind() == ActionKind.CALL || entry.getKind() == ActionKind.CALL_STARTED) {
      calls.put(key, entry);
    } else {
      outcomes.put(key, entry.getRecordedAt().toEpochMilli());
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
