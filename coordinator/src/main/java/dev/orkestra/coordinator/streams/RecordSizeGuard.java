package dev.orkestra.coordinator.streams;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * Checks a step before a processor applies it: the state it would store and every record it would
 * write, serialized as the store and the sink serialize them, against the record limit
 * ({@code CoordinatorConfig.maxRecordBytes}). A record over it must never reach the producer: under
 * exactly-once one refused send makes the whole transaction abortable, Streams processes the input
 * again, and it fails again — the query or task would hang and the thread die. Keys are not counted: they
 * are ids of a few hundred bytes, within the room the limit leaves below {@code max.request.size}.
 */
public final class RecordSizeGuard {

  /** What was too large: {@code record} (a type) bound for {@code destination} (a topic or a store). */
  public record Oversize(String record, String destination, int bytes, int limit) {

    /**
     * {@code coordinator could not write AuditRequested to orkestra.auditor.requests: 1575082 bytes,
     * above the 1000000-byte record limit}.
     */
    public String reason() {
      return "coordinator could not write " + record + " to " + destination + ": " + bytes + " bytes, above the "
          + limit + "-byte record limit";
    }
  }

  private final int limit;
  private final Function<SpecificRecord, String> destinations;

  /** @param destinations where a processor's emitted record goes (its topic), for the message */
  public RecordSizeGuard(int limit, Function<SpecificRecord, String> destinations) {
    this.limit = limit;
    this.destinations = destinations;
  }

  public int limit() {
    return limit;
  }

  /**
   * The first record of the step over the limit: the state put into {@code store} (null when the
   * step stores nothing), else the first emitted record over it.
   */
  public Optional<Oversize> check(String store, SpecificRecord state, List<Emit> emits) {
    if (state != null) {
      Optional<Oversize> over = measure(state, "store " + store);
      if (over.isPresent()) {
        return over;
      }
    }
    for (Emit emit : emits) {
      if (emit.value() != null) {
        Optional<Oversize> over = measure(emit.value(), destinations.apply(emit.value()));
        if (over.isPresent()) {
          return over;
        }
      }
    }
    return Optional.empty();
  }

  private Optional<Oversize> measure(SpecificRecord value, String destination) {
    int bytes = ContractBytes.toBytes(value).length;
    return bytes <= limit ? Optional.empty()
        : Optional.of(new Oversize(value.getSchema().getName(), destination, bytes, limit));
  }
}
