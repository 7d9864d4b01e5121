package dev.orkestra.coordinator.streams;

import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.runtime.DeadLetters;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The dead letter a processor writes itself for what it could not apply: the record being
 * processed (re-encoded: the same encoding its topic holds) with where it came from, or — for a
 * punctuation, which has no input — the stored state it was working on.
 */
public final class InputDeadLetters {

  private final String producer;

  /** @param producer the dead letter's {@code producer}, e.g. "coordinator@host-1" */
  public InputDeadLetters(String producer) {
    this.producer = producer;
  }

  /**
   * @param context where the input came from (topic, partition, offset), when it came from a topic
   * @param input   the record being processed, or null for a punctuation
   * @param store   for a punctuation: the store {@code state} was read from
   */
  public DeadLetter of(ProcessorContext<?, ?> context, String key, SpecificRecord input, String store,
      SpecificRecord state, String reason) {
    RecordMetadata origin = input == null ? null : context.recordMetadata().orElse(null);
    byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    DeadLetters.Source source = origin != null
        ? new DeadLetters.Source(origin.topic(), origin.partition(), origin.offset(), keyBytes,
            ContractBytes.toBytes(input), 1)
        : new DeadLetters.Source(store, context.taskId().partition(), -1, keyBytes, ContractBytes.toBytes(state), 1);
    return DeadLetters.of(source, reason, producer);
  }
}
