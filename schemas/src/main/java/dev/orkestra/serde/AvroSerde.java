package dev.orkestra.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for generated Avro classes using single-object encoding ({@code C3 01} + 8-byte
 * schema fingerprint + binary body).
 *
 * <p>The reader resolves the writer's schema through a {@link SchemaCatalog} of every released
 * version, so a service built against an older class decodes a newer compatible writer (and the
 * reverse). {@code null} stays {@code null} both ways so compacted topics can carry tombstones.
 *
 * <p>Kafka 4 no longer lets one class be Serde, Serializer and Deserializer at once (conflicting
 * default {@code configure}), hence the lambdas.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

  private final Class<T> type;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private AvroSerde(Class<T> type, SchemaCatalog catalog) {
    this.type = type;
    Schema schema = SpecificData.get().getSchema(type);
    SpecificData model = SpecificData.getForClass(type);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema, catalog);
  }

  /** Serde for {@code type} that knows every released schema version. */
  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    return new AvroSerde<>(type, SchemaCatalog.released());
  }

  /** Serde for {@code type} resolving writer schemas through {@code catalog}. */
  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, SchemaCatalog catalog) {
    return new AvroSerde<>(type, catalog);
  }

  public Class<T> type() {
    return type;
  }

  public byte[] encode(T value) {
    if (value == null) {
      return null;
    }
    try {
      ByteBuffer buffer = encoder.encode(value);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException | AvroRuntimeException e) {
      throw new SerializationException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes {@code bytes}; failures name what was wrong so a dead-letter reason is actionable.
   */
  public T decode(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return decoder.decode(bytes);
    } catch (BadHeaderException e) {
      throw new SerializationException(
          "not an Avro single-object encoded " + type.getSimpleName() + " (expected header C3 01, got "
              + headerHex(bytes) + ")", e);
    } catch (MissingSchemaException e) {
      throw new SerializationException(
          "unknown writer schema for " + type.getSimpleName() + ": " + e.getMessage()
              + " (is the schemas jar older than the writer?)", e);
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
      throw new SerializationException(
          "corrupt " + type.getSimpleName() + " payload of " + bytes.length + " bytes: " + e, e);
    }
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> encode(value);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> decode(bytes);
  }

  private static String headerHex(byte[] bytes) {
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(2, bytes.length); i++) {
      hex.append(String.format("%02X", bytes[i])).append(i == 0 ? " " : "");
    }
    return bytes.length == 0 ? "0 bytes" : hex.toString().strip();
  }
}
