package dev.orkestra.runtime;

import dev.orkestra.events.common.ModelUsage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Where a handler's paid calls are recorded so that each is made once per request: across
 * attempts, redeliveries and restarts, a call with the same name and input is answered from the
 * record instead of being made (and paid for) again.
 */
interface CallJournal {

  /**
   * What a call answered.
   *
   * @param payload the answer as the caller encodes it
   * @param usage what it cost when it was made
   * @param replayed whether this answer was recorded earlier rather than made now
   */
  record Recorded(byte[] payload, List<ModelUsage> usage, boolean replayed) {

    public Recorded {
      usage = List.copyOf(usage);
    }

    Recorded asReplay() {
      return new Recorded(payload, usage.stream().map(ModelUsages::replayed).toList(), true);
    }
  }

  /**
   * The answer of the call {@code name} made for request {@code requestEventId} with input digest
   * {@code inputDigest}: recorded before (replayed), still running from an earlier attempt or on
   * another instance (awaited), or made now and recorded before it is returned.
   *
   * @param maxDuration how long the call can take at most (its model's timeout): past that, a call
   *     another instance started and never answered is taken as abandoned
   */
  Recorded once(String requestEventId, String name, String inputDigest, Duration maxDuration, Callable<Recorded> call)
      throws Exception;

  /** No record: every call is made. For handlers run without Kafka (benchmarks, handler tests). */
  CallJournal UNRECORDED = (requestEventId, name, inputDigest, maxDuration, call) -> call.call();
}
