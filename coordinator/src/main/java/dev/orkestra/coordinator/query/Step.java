package dev.orkestra.coordinator.query;

import dev.orkestra.coordinator.streams.Emit;
import java.util.List;

/**
 * What a decision made of one event: the records to write and what happens to the state it was
 * about. Processors apply steps; flows (plain classes) make them, so every decision is testable
 * without Kafka.
 */
record Step<S>(Change change, S state, List<Emit> emits) {

  enum Change {
    /** Leave the stored state as it is (the event was ignored, or changed nothing worth storing). */
    KEEP,
    /** Store {@code state}. */
    PUT,
    /** The subject is finished: delete its state, so late events find nothing and are ignored. */
    DELETE
  }

  static <S> Step<S> ignore() {
    return new Step<>(Change.KEEP, null, List.of());
  }

  static <S> Step<S> keep(List<Emit> emits) {
    return new Step<>(Change.KEEP, null, List.copyOf(emits));
  }

  static <S> Step<S> put(S state, List<Emit> emits) {
    return new Step<>(Change.PUT, state, List.copyOf(emits));
  }

  static <S> Step<S> delete(List<Emit> emits) {
    return new Step<>(Change.DELETE, null, List.copyOf(emits));
  }
}
