package dev.orkestra.coordinator.query;

import org.apache.avro.specific.SpecificRecord;

/** One record a decision wants written: the topology routes it by value type to its topic. */
record Emit(String key, SpecificRecord value) {}
