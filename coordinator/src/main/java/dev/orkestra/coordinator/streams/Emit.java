package dev.orkestra.coordinator.streams;

import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.runtime.DeadLetters;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Record;

/** One record a decision wants written: the topology routes it by value type to its topic. */
public record Emit(String key, SpecificRecord value) {

  /** The record to forward; a dead letter also carries its facts in {@code orkestra.dlq.*} headers. */
  public Record<String, SpecificRecord> toRecord(long timestamp) {
    return value instanceof DeadLetter letter
        ? new Record<>(key, value, timestamp, DeadLetters.headers(letter))
        : new Record<>(key, value, timestamp);
  }
}
