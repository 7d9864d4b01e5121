package dev.orkestra.coordinator;

import dev.orkestra.runtime.InstanceIds;
import dev.orkestra.topics.RecordLimits;
import java.time.Duration;

/**
 * What an operator can tune in the coordinator.
 *
 * @param applicationId Kafka Streams {@code application.id}: consumer group, transactional ids and
 *     the prefix of every internal topic. Change it and the coordinator starts with empty state.
 * @param instanceId this instance, for the {@code producer} field of every event it writes
 *     ({@code coordinator@<instanceId>})
 * @param timeouts per-stage deadlines
 * @param cacheTtl how long an audited answer is served from the answer cache
 * @param refReuse how long a ref's last resolution is trusted for answering from the answer cache
 *     without asking the retriever first (a commit SHA's forever); zero: always ask
 * @param deadlineCheckInterval how often overdue queries are looked for (wall clock)
 * @param commitInterval Streams {@code commit.interval.ms}; under exactly-once nothing the
 *     coordinator writes is visible before the commit, so this is added to every hop's latency
 * @param replicationFactor of the internal topics (changelogs, repartition topics);
 *     {@link #AUTO_REPLICATION} = three where the cluster has three brokers, else as many as it has
 * @param streamThreads Streams threads in this instance
 * @param maxRecordBytes the largest serialized value the coordinator writes (state or output): a step
 *     that would write more answers its query with an error instead; at most
 *     {@link RecordLimits#MAX_VALUE_BYTES} (what the producer and topic limits leave room for), lower
 *     for tests or for clusters with smaller limits
 */
public record CoordinatorConfig(
    String applicationId,
    String instanceId,
    StageTimeouts timeouts,
    Duration cacheTtl,
    Duration refReuse,
    Duration deadlineCheckInterval,
    Duration commitInterval,
    int replicationFactor,
    int streamThreads,
    int maxRecordBytes) {

  public static final String DEFAULT_APPLICATION_ID = "orkestra-coordinator";
  public static final int AUTO_REPLICATION = 0;
  /** Below this not even an error response and its dead letter fit. */
  static final int MIN_RECORD_BYTES = 10_000;

  public CoordinatorConfig {
    if (applicationId == null || !applicationId.matches("[A-Za-z0-9._-]{1,200}")) {
      throw new IllegalArgumentException("applicationId must be 1-200 of [A-Za-z0-9._-], was " + applicationId);
    }
    if (instanceId == null || instanceId.isBlank()) {
      throw new IllegalArgumentException("instanceId must not be blank");
    }
    if (timeouts == null) {
      throw new IllegalArgumentException("timeouts are required");
    }
    positive("cacheTtl", cacheTtl);
    if (refReuse == null || refReuse.isNegative()) {
      throw new IllegalArgumentException("refReuse must not be negative, was " + refReuse);
    }
    positive("deadlineCheckInterval", deadlineCheckInterval);
    if (commitInterval == null || commitInterval.isNegative()) {
      throw new IllegalArgumentException("commitInterval must not be negative, was " + commitInterval);
    }
    if (replicationFactor < 0) {
      throw new IllegalArgumentException("replicationFactor must be positive or 0 (auto), was " + replicationFactor);
    }
    if (streamThreads < 1) {
      throw new IllegalArgumentException("streamThreads must be at least 1, was " + streamThreads);
    }
    if (maxRecordBytes < MIN_RECORD_BYTES || maxRecordBytes > RecordLimits.MAX_VALUE_BYTES) {
      throw new IllegalArgumentException("maxRecordBytes must be " + MIN_RECORD_BYTES + "-" + RecordLimits.MAX_VALUE_BYTES
          + ", was " + maxRecordBytes);
    }
  }

  /**
   * Defaults: the stage timeouts of {@link StageTimeouts#defaults()}, a 10 min cache, refs trusted
   * for 10 s, 250 ms checks, 2 ms commits.
   */
  public static CoordinatorConfig defaults() {
    return new CoordinatorConfig(DEFAULT_APPLICATION_ID, defaultInstanceId(), StageTimeouts.defaults(),
        Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofMillis(250), Duration.ofMillis(2), AUTO_REPLICATION,
        1, RecordLimits.MAX_VALUE_BYTES);
  }

  /** {@code coordinator@<instanceId>}: the {@code producer} of every event this instance writes. */
  public String producer() {
    return "coordinator@" + instanceId;
  }

  public CoordinatorConfig withApplicationId(String value) {
    return new CoordinatorConfig(value, instanceId, timeouts, cacheTtl, refReuse,
        deadlineCheckInterval, commitInterval, replicationFactor, streamThreads, maxRecordBytes);
  }

  public CoordinatorConfig withInstanceId(String value) {
    return new CoordinatorConfig(applicationId, value, timeouts, cacheTtl, refReuse,
        deadlineCheckInterval, commitInterval, replicationFactor, streamThreads, maxRecordBytes);
  }

  public CoordinatorConfig withTimeouts(StageTimeouts value) {
    return new CoordinatorConfig(applicationId, instanceId, value, cacheTtl, refReuse,
        deadlineCheckInterval, commitInterval, replicationFactor, streamThreads, maxRecordBytes);
  }

  public CoordinatorConfig withCacheTtl(Duration value) {
    return new CoordinatorConfig(applicationId, instanceId, timeouts, value, refReuse,
        deadlineCheckInterval, commitInterval, replicationFactor, streamThreads, maxRecordBytes);
  }

  public CoordinatorConfig withRefReuse(Duration value) {
    return new CoordinatorConfig(applicationId, instanceId, timeouts, cacheTtl, value,
        deadlineCheckInterval, commitInterval, replicationFactor, streamThreads, maxRecordBytes);
  }

  public CoordinatorConfig withDeadlineCheckInterval(Duration value) {
    return new CoordinatorConfig(applicationId, instanceId, timeouts, cacheTtl, refReuse,
        value, commitInterval, replicationFactor, streamThreads, maxRecordBytes);
  }

  public CoordinatorConfig withCommitInterval(Duration value) {
    return new CoordinatorConfig(applicationId, instanceId, timeouts, cacheTtl, refReuse,
        deadlineCheckInterval, value, replicationFactor, streamThreads, maxRecordBytes);
  }

  public CoordinatorConfig withReplicationFactor(int value) {
    return new CoordinatorConfig(applicationId, instanceId, timeouts, cacheTtl, refReuse,
        deadlineCheckInterval, commitInterval, value, streamThreads, maxRecordBytes);
  }

  public CoordinatorConfig withStreamThreads(int value) {
    return new CoordinatorConfig(applicationId, instanceId, timeouts, cacheTtl, refReuse,
        deadlineCheckInterval, commitInterval, replicationFactor, value, maxRecordBytes);
  }

  public CoordinatorConfig withMaxRecordBytes(int value) {
    return new CoordinatorConfig(applicationId, instanceId, timeouts, cacheTtl, refReuse,
        deadlineCheckInterval, commitInterval, replicationFactor, streamThreads, value);
  }

  /** Host name plus a short random suffix, so two instances on one host never share an id. */
  static String defaultInstanceId() {
    return InstanceIds.next("coordinator");
  }

  private static void positive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
