package dev.orkestra.coordinator.streams;

import dev.orkestra.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * Contract records kept inside coordinator state as single-object encoded bytes: they evolve with
 * the contract's released versions, and a field added to a contract survives the round trip
 * (see {@code coordinator-state.avdl}, {@code task-state.avdl}).
 */
public final class ContractBytes {

  private static final Map<Class<?>, AvroSerde<?>> SERDES = new ConcurrentHashMap<>();

  private ContractBytes() {}

  public static ByteBuffer encode(SpecificRecord value) {
    return value == null ? null : ByteBuffer.wrap(toBytes(value));
  }

  /**
   * The single-object encoding of any contract or state record: what its topic's serde, a store's
   * serde and a changelog write for it (the encoding depends on the type alone, never on the topic).
   */
  public static byte[] toBytes(SpecificRecord value) {
    return value == null ? null : serde(value).encode(value);
  }

  public static <T extends SpecificRecord> T decode(ByteBuffer bytes, Class<T> type) {
    if (bytes == null) {
      return null;
    }
    ByteBuffer view = bytes.duplicate();
    byte[] copy = new byte[view.remaining()];
    view.get(copy);
    return serde(type).decode(copy);
  }

  public static List<ByteBuffer> encodeAll(List<? extends SpecificRecord> values) {
    return values.stream().map(ContractBytes::encode).toList();
  }

  public static <T extends SpecificRecord> List<T> decodeAll(List<ByteBuffer> values, Class<T> type) {
    return values.stream().map(bytes -> decode(bytes, type)).toList();
  }

  @SuppressWarnings("unchecked")
  private static <T extends SpecificRecord> AvroSerde<T> serde(T value) {
    return (AvroSerde<T>) serde(value.getClass());
  }

  @SuppressWarnings("unchecked")
  private static <T extends SpecificRecord> AvroSerde<T> serde(Class<T> type) {
    return (AvroSerde<T>) SERDES.computeIfAbsent(type, key -> AvroSerde.of(type));
  }
}
