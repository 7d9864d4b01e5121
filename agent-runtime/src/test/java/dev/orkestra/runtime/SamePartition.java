package dev.orkestra.runtime;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Keys that Kafka's default partitioner puts on one partition. A test that publishes a marker on
 * the same partition as a record knows, once the marker is processed, that everything the record
 * caused before it has been written: a count taken then is taken after the system quiesced.
 */
public final class SamePartition {

  private SamePartition() {}

  /** The first key {@code <prefix>-<n>} on {@code key}'s partition of a topic with {@code partitions}. */
  public static String keyLike(String key, String prefix, int partitions) {
    for (int i = 0; ; i++) {
      String candidate = prefix + "-" + i;
      if (partition(candidate, partitions) == partition(key, partitions)) {
        return candidate;
      }
    }
  }

  /** The partition the default partitioner gives a record with {@code key}. */
  public static int partition(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
