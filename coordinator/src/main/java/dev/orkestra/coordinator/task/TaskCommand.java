package dev.orkestra.coordinator.task;

import org.apache.avro.specific.SpecificRecord;

/**
 * One record the state machine wants written: a request to a role (keyed by taskId, or
 * taskId/stepId for per-step work queues) or a {@code TaskStateChanged} for orkestra.task-events.
 * The topology routes it by value type to its topic, as the query pipeline does.
 */
public record TaskCommand(String key, SpecificRecord value) {}
