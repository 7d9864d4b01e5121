package dev.orkestra.runtime;

import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.events.common.Failure;
import dev.orkestra.events.common.ModelUsage;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What processing one request record came to; written by {@link OutcomeWriter}, then acknowledged. */
sealed interface Outcome {

  ConsumerRecord<String, byte[]> request();

  /** The request's key in the action log, for the outcomes that write an OUTCOME entry; null for the rest. */
  default String actionKey() {
    return null;
  }

  /** The eventId of the request, where it could be read (the action key names it). */
  default String requestEventId() {
    String key = actionKey();
    return key == null ? null : key.substring(key.indexOf(':') + 1);
  }

  /** The handler produced its result. */
  record Completed(ConsumerRecord<String, byte[]> request, String actionKey, SpecificRecord result,
      List<ModelUsage> usage) implements Outcome {}

  /** The handler failed for good; the failure event is the result. A dead letter keeps the request when retries ran out. */
  record Failed(ConsumerRecord<String, byte[]> request, String actionKey, Failure failure, DeadLetter deadLetter)
      implements Outcome {}

  /** The action log shows this request was already handled (a redelivery): acknowledge only. */
  record AlreadyDone(ConsumerRecord<String, byte[]> request) implements Outcome {}

  /** Processing broke inside the runtime itself: release the record so the broker redelivers it. */
  record Unprocessed(ConsumerRecord<String, byte[]> request) implements Outcome {}

  /**
   * The work did not fit in this delivery's lock and goes on in a new one: a copy of the request
   * (same key, value and eventId; header {@value Continuations#HEADER} = {@code continuation}) is
   * written to the request topic in the outcome transaction, and this delivery is accepted. Work
   * that outlives the attempt (a model call, an indexing run) goes on and is joined or replayed.
   */
  record Continued(ConsumerRecord<String, byte[]> request, int continuation, String why) implements Outcome {}

  /** The record cannot even be read: keep it in the dead-letter topic. */
  record Undecodable(ConsumerRecord<String, byte[]> request, DeadLetter deadLetter) implements Outcome {}
}
