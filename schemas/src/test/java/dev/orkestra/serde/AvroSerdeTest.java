package dev.orkestra.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.events.query.QueryResponse;
import dev.orkestra.events.task.ControlCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  @Test
  void roundTripsARealEvent() {
    QueryResponse response = SampleEvents.queryResponse();
    AvroSerde<QueryResponse> serde = AvroSerde.of(QueryResponse.class);

    byte[] bytes = serde.serializer().serialize("orkestra.responses", response);

    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    QueryResponse decoded = serde.deserializer().deserialize("orkestra.responses", bytes);
    assertThat(decoded).isEqualTo(response);
    assertThat(decoded.getData().getMatches().getFirst().getLines()).contains("token = issue(user)");
    assertThat(decoded.getFetchedAt()).isEqualTo(SampleEvents.AT);
  }

  @Test
  void anOlderReaderDecodesANewerCompatibleWriter() throws IOException {
    ControlCommand command = SampleEvents.controlCommand();
    Schema newer = withExtraField(ControlCommand.getClassSchema());
    byte[] bytes = encodeWithNewerWriter(command, newer);

    ControlCommand decoded = AvroSerde.of(ControlCommand.class, SchemaCatalog.released().with(newer)).decode(bytes);

    assertThat(decoded).isEqualTo(command);
  }

  @Test
  void anUnknownWriterSchemaFailsNamingIt() throws IOException {
    Schema newer = withExtraField(ControlCommand.getClassSchema());
    byte[] bytes = encodeWithNewerWriter(SampleEvents.controlCommand(), newer);

    assertThatThrownBy(() -> AvroSerde.of(ControlCommand.class).decode(bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown writer schema for ControlCommand")
        .hasMessageContaining(Long.toString(SchemaCatalog.fingerprint(newer)));
  }

  @Test
  void garbageFailsNamingTheExpectedHeader() {
    byte[] garbage = "{\"status\":\"success\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> AvroSerde.of(QueryResponse.class).decode(garbage))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("expected header C3 01")
        .hasMessageContaining("got 7B 22");
  }

  @Test
  void aTruncatedPayloadFailsAsCorrupt() {
    byte[] bytes = AvroSerde.of(QueryResponse.class).encode(SampleEvents.queryResponse());
    byte[] truncated = java.util.Arrays.copyOf(bytes, 20);

    assertThatThrownBy(() -> AvroSerde.of(QueryResponse.class).decode(truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("QueryResponse");
  }

  @Test
  void nullStaysNull() {
    AvroSerde<QueryResponse> serde = AvroSerde.of(QueryResponse.class);

    assertThat(serde.encode(null)).isNull();
    assertThat(serde.decode(null)).isNull();
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }

  /** {@code schema} plus an int field with a default, as a later release would add it. */
  private static Schema withExtraField(Schema schema) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : schema.getFields()) {
      fields.add(new Schema.Field(f, f.schema()));
    }
    fields.add(new Schema.Field("priority", Schema.create(Schema.Type.INT), "added later", 0));
    return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
  }

  /** Writes {@code event} as a newer service would: a GenericRecord of {@code newer}. */
  private static byte[] encodeWithNewerWriter(ControlCommand event, Schema newer) throws IOException {
    // Specific -> generic through Avro binary, so nested records and enums become generic values.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<ControlCommand>(ControlCommand.getClassSchema()).write(event, encoder);
    encoder.flush();
    GenericRecord old = new GenericDatumReader<GenericRecord>(ControlCommand.getClassSchema())
        .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

    GenericData.Record record = new GenericData.Record(newer);
    for (Schema.Field f : ControlCommand.getClassSchema().getFields()) {
      record.put(f.name(), old.get(f.name()));
    }
    record.put("priority", 7);
    ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), newer).encode(record);
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }
}
