package dev.orkestra.coordinator.task;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.ModelUsage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The task pipeline's model spend per UTC day, over every task and coordinator instance: each
 * result's usage is written to {@code orkestra.task-spend} under a key of its own
 * ({@code day/taskId/eventId/n}, the day the result was written), which every instance reads whole
 * into a global store. A result processed twice (a redelivery, a replay after a pause) writes the
 * same keys again, so it is counted once. Replayed usage (the action log answered, nothing paid)
 * is not spend.
 */
final class DailySpend {

  private final ReadOnlyKeyValueStore<String, ModelUsage> store;

  DailySpend(ReadOnlyKeyValueStore<String, ModelUsage> store) {
    this.store = store;
  }

  /** The UTC day of {@code epochMillis}, as keys name it. */
  static String day(long epochMillis) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC).toString();
  }

  /** The records that account for a result's usage; none when it cost nothing. */
  static List<KeyValue<String, ModelUsage>> records(String taskId, Envelope result, List<ModelUsage> usage) {
    List<KeyValue<String, ModelUsage>> records = new ArrayList<>();
    if (result == null || usage == null) {
      return records;
    }
    String prefix = day(result.getOccurredAt().toEpochMilli()) + "/" + taskId + "/" + result.getEventId() + "/";
    for (int n = 0; n < usage.size(); n++) {
      ModelUsage each = usage.get(n);
      if (!each.getReplayed() && cost(each) > 0) {
        records.add(KeyValue.pair(prefix + n, each));
      }
    }
    return records;
  }

  /** Spent on {@code day} by every task, except the result {@code exceptEventId} (null: none excepted). */
  double on(String day, String exceptEventId) {
    double sum = 0;
    try (KeyValueIterator<String, ModelUsage> all = store.prefixScan(day + "/", new StringSerializer())) {
      while (all.hasNext()) {
        KeyValue<String, ModelUsage> next = all.next();
        if (exceptEventId == null || !next.key.contains("/" + exceptEventId + "/")) {
          sum += cost(next.value);
        }
      }
    }
    return sum;
  }

  private static double cost(ModelUsage usage) {
    return usage != null && Double.isFinite(usage.getCostUsd()) ? Math.max(0, usage.getCostUsd()) : 0;
  }
}
