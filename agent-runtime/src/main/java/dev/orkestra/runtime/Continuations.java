package dev.orkestra.runtime;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * How long work is split over several deliveries so that none outlives its record lock. Kafka
 * 4.2's lock renewal cannot be used (docs/runtime.md: a consumer that renews keeps acquiring other
 * records it never hands out, and their delivery counts run up until the broker archives them), so
 * a delivery ends before its lock does: when its time is up and the work is not, the request goes
 * back to the queue as a new record and the delivery is accepted.
 */
final class Continuations {

  /** How many times a request was continued so far. */
  static final String HEADER = "orkestra.continuation";

  private Continuations() {}

  static int of(ConsumerRecord<?, ?> record) {
    Header header = record.headers().lastHeader(HEADER);
    if (header == null) {
      return 0;
    }
    try {
      return Integer.parseInt(new String(header.value(), StandardCharsets.UTF_8));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The copy's headers: the original's (trace context included) with the continuation count set. */
  static Headers next(ConsumerRecord<?, ?> record, int continuation) {
    Headers headers = new RecordHeaders();
    for (Header header : record.headers()) {
      if (!header.key().equals(HEADER)) {
        headers.add(header);
      }
    }
    headers.add(HEADER, Integer.toString(continuation).getBytes(StandardCharsets.UTF_8));
    return headers;
  }
}
