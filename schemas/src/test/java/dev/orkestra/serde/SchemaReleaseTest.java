package dev.orkestra.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.events.common.Envelope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaReleaseTest {

  @TempDir Path root;

  @Test
  void releasesEveryRecordOnceAndIsIdempotent() throws IOException {
    List<SchemaRelease.Release> first = SchemaRelease.release(root, false);

    assertThat(first).hasSize(SchemaRelease.currentRecordSchemas().size())
        .allSatisfy(r -> assertThat(r.version()).isEqualTo(1));
    assertThat(Files.readString(root.resolve("dev.orkestra.events.query.QueryResponse/v1.avsc")))
        .contains("\"name\" : \"QueryResponse\"");
    assertThat(Files.readAllLines(root.resolve("INDEX")))
        .contains("dev.orkestra.events.common.Envelope/v1.avsc");
    assertThat(SchemaRelease.release(root, false)).isEmpty();
  }

  @Test
  void dryRunWritesNothing() throws IOException {
    assertThat(SchemaRelease.release(root, true)).isNotEmpty();
    try (var files = Files.list(root)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void writesTheNextVersionWhenACompatibleSchemaChanged() throws IOException {
    // An older Envelope without the optional causationId: the current one can read its data.
    Path dir = Files.createDirectories(root.resolve("dev.orkestra.events.common.Envelope"));
    Files.writeString(dir.resolve("v1.avsc"), without(Envelope.getClassSchema(), "causationId").toString(true));

    List<SchemaRelease.Release> released = SchemaRelease.release(root, false);

    assertThat(released).filteredOn(r -> r.fullName().endsWith(".Envelope"))
        .singleElement().satisfies(r -> assertThat(r.version()).isEqualTo(2));
    assertThat(Files.readAllLines(root.resolve("INDEX")))
        .containsSubsequence("dev.orkestra.events.common.Envelope/v1.avsc",
            "dev.orkestra.events.common.Envelope/v2.avsc");
  }

  @Test
  void refusesAnIncompatibleChangeAndWritesNothing() throws IOException {
    // A released Envelope without producer: the current one requires producer and has no default
    // for it, so it cannot read that version's data.
    Path dir = Files.createDirectories(root.resolve("dev.orkestra.events.common.Envelope"));
    Files.writeString(dir.resolve("v1.avsc"), without(Envelope.getClassSchema(), "producer").toString(true));

    assertThatThrownBy(() -> SchemaRelease.release(root, false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dev.orkestra.events.common.Envelope cannot read v1")
        .hasMessageContaining("producer");
    assertThat(root.resolve("INDEX")).doesNotExist();
  }

  /** {@code schema} without the field {@code name}. */
  static Schema without(Schema schema, String name) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : schema.getFields()) {
      if (!f.name().equals(name)) {
        fields.add(new Schema.Field(f, f.schema()));
      }
    }
    return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
  }
}
