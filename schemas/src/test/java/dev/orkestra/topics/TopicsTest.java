package dev.orkestra.topics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.ActionRecord;
import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.serde.SchemaCatalog;
import dev.orkestra.serde.SchemaRelease;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

class TopicsTest {

  /** Not pipeline events: they describe records of other topics and carry their own identity fields. */
  private static final Set<Class<?>> WITHOUT_ENVELOPE = Set.of(DeadLetter.class, ActionRecord.class,
      ModelUsage.class);

  @Test
  void topicNamesAreUnique() {
    Set<String> names = new HashSet<>();
    for (TopicSpec<?> spec : Topics.ALL) {
      assertThat(names.add(spec.name())).as("duplicate topic %s", spec.name()).isTrue();
    }
  }

  @Test
  void everyValueTypeIsUsedByOneTopic() {
    assertThat(Topics.ALL.stream().map(TopicSpec::valueType).distinct()).hasSameSizeAs(Topics.ALL);
  }

  @Test
  void everyEventStartsWithTheEnvelope() {
    for (TopicSpec<?> spec : Topics.ALL) {
      if (WITHOUT_ENVELOPE.contains(spec.valueType())) {
        continue;
      }
      Schema schema = SpecificData.get().getSchema(spec.valueType());
      Schema.Field first = schema.getFields().getFirst();
      assertThat(first.name()).as("first field of %s (topic %s)", schema.getName(), spec).isEqualTo("envelope");
      assertThat(first.schema()).as("envelope of %s", schema.getName()).isEqualTo(Envelope.getClassSchema());
    }
  }

  @Test
  void everyRecordWithAnEnvelopeHasATopic() {
    Set<String> onTopics = Topics.ALL.stream()
        .map(spec -> SpecificData.get().getSchema(spec.valueType()).getFullName())
        .collect(Collectors.toSet());
    SchemaRelease.currentRecordSchemas().forEach((name, schema) -> {
      if (schema.getField("envelope") != null) {
        assertThat(onTopics).as("event %s is on no topic of the registry", name).contains(name);
      }
    });
  }

  @Test
  void everyValueSchemaIsReleased() {
    for (TopicSpec<?> spec : Topics.ALL) {
      Schema schema = SpecificData.get().getSchema(spec.valueType());
      assertThat(SchemaCatalog.released().findByFingerprint(SchemaCatalog.fingerprint(schema)))
          .as("released schema of %s (topic %s): run SchemaRelease", schema.getFullName(), spec)
          .isNotNull();
    }
  }

  @Test
  void lookupByName() {
    assertThat(Topics.byName("orkestra.responses")).contains(Topics.RESPONSES);
    assertThat(Topics.byName("orkestra.nope")).isEmpty();
  }

  @Test
  void stepKeysIncludeTheTask() {
    assertThat(Topics.stepKey("RAE-001", "S2")).isEqualTo("RAE-001/S2");
  }
}
