package dev.orkestra.topics;

import dev.orkestra.serde.AvroSerde;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One topic of the registry: its name, its key and value types, and how it is created.
 *
 * <p>Keys are always strings: correlation ids for pipeline topics, fan-out ids (candidateId,
 * stepId) for fan-out requests, the request's eventId for the action log.
 */
public record TopicSpec<V extends SpecificRecord>(
    String name, Class<V> valueType, int partitions, Cleanup cleanup, String description) {

  public enum Cleanup {
    /** Events: kept for the retention period, replayable. */
    DELETE,
    /** Latest value per key (caches): kept forever, tombstones remove. */
    COMPACT,
    /**
     * Latest value per key, and nothing older than a day (the action log): keys are unique per
     * request, so compaction alone would never shrink it; no request stays unfinished for a day.
     */
    JOURNAL
  }

  public TopicSpec {
    if (!name.matches("[a-z][a-z0-9.-]{2,200}")) {
      throw new IllegalArgumentException("invalid topic name: " + name);
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("topic " + name + " needs at least one partition");
    }
  }

  public Serde<String> keySerde() {
    return Serdes.String();
  }

  public AvroSerde<V> valueSerde() {
    return AvroSerde.of(valueType);
  }

  /** Topic-level configs applied at creation; {@code max.message.bytes} is {@link RecordLimits#MAX_MESSAGE_BYTES}. */
  public Map<String, String> configs() {
    return switch (cleanup) {
      case DELETE -> Map.of(
          TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
          // A week: long enough to replay a day of work after an outage, short enough for a laptop disk.
          TopicConfig.RETENTION_MS_CONFIG, Long.toString(7L * 24 * 3600 * 1000),
          TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(RecordLimits.MAX_MESSAGE_BYTES));
      case COMPACT -> Map.of(
          TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
          // Compact soon after a segment fills so a restarted service reloads few stale entries.
          TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1",
          TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(RecordLimits.MAX_MESSAGE_BYTES));
      case JOURNAL -> Map.of(
          TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
          // Roles read back one hour (RoleServiceConfig.actionLogLookback); a day leaves room for
          // forensics and a slow restart, and bounds the log by a day of work.
          TopicConfig.RETENTION_MS_CONFIG, Long.toString(24L * 3600 * 1000),
          // Hourly segments, so retention can drop old ones instead of waiting for a 1 GiB segment.
          TopicConfig.SEGMENT_MS_CONFIG, Long.toString(3600L * 1000),
          // Tombstones of journaled calls go soon after their outcome.
          TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(3600L * 1000),
          TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1",
          TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(RecordLimits.MAX_MESSAGE_BYTES));
    };
  }

  @Override
  public String toString() {
    return name;
  }
}
