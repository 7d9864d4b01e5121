package dev.orkestra.topics;

/**
 * How large one record may be, set together for every writer and every topic so that no layer
 * refuses what the one before it accepted (docs/contracts.md, "Record sizes"):
 *
 * <pre>
 * file content (SourceLimits.maxFileBytes, 921,600)  ≤  what one answer may quote (coordinator ContentBudget, the same)
 *   &lt;  MAX_VALUE_BYTES (1,000,000: every value the coordinator writes is checked against it)
 *   &lt;  MAX_REQUEST_BYTES (1,048,576: producer max.request.size)
 *   ≤  MAX_MESSAGE_BYTES (1,048,588: topic max.message.bytes)
 * </pre>
 */
public final class RecordLimits {

  /**
   * Topic {@code max.message.bytes} of every registry topic and of the coordinator's own topics:
   * Kafka's default (the broker's {@code message.max.bytes}), set on the topic so that a cluster
   * whose brokers default lower still accepts what the pipeline writes. Raising it costs broker and
   * consumer memory per fetch; the pipeline never needs more, since content travels once.
   */
  public static final int MAX_MESSAGE_BYTES = 1_048_588;

  /**
   * Producer {@code max.request.size}: Kafka's default, set explicitly beside the topic limit it must
   * not exceed (a batch the producer sends must fit the topic's limit, or the broker refuses it).
   */
  public static final int MAX_REQUEST_BYTES = 1_048_576;

  /**
   * The largest serialized value the coordinator writes (state and output records alike). The
   * 48,576 bytes up to {@link #MAX_REQUEST_BYTES} hold the key (a few hundred bytes), headers (trace
   * context; a dead letter's facts, under 20 KB) and record and batch overhead (under 100 bytes).
   */
  public static final int MAX_VALUE_BYTES = 1_000_000;

  private RecordLimits() {}
}
