package dev.orkestra.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every current record schema against its released versions. BACKWARD (the current schema reads
 * data of every released version) lets a new service consume old events still on a topic; FORWARD
 * against the latest release lets a not-yet-upgraded service consume events of the new version
 * during a rolling deploy. Both are required.
 */
class SchemaCompatibilityTest {

  private static final String HOW_TO_RELEASE =
      "run SchemaRelease: ./mvnw -q -pl schemas compile exec:java (see docs/contracts.md)";

  static Stream<Arguments> currentRecords() {
    return SchemaRelease.currentRecordSchemas().entrySet().stream()
        .map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @Test
  void theProtocolsDefineTheEventRecords() {
    assertThat(SchemaRelease.currentRecordSchemas())
        .containsKeys("dev.orkestra.events.common.Envelope", "dev.orkestra.events.query.QueryResponse",
            "dev.orkestra.events.task.TaskStateChanged");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("currentRecords")
  void isReleased(String fullName, Schema current) {
    List<Schema> versions = SchemaCatalog.released().versionsOf(fullName);
    assertThat(versions).as("%s has no released version: %s", fullName, HOW_TO_RELEASE).isNotEmpty();
    assertThat(versions.getLast().equals(current))
        .as("%s differs from its latest released version v%d: %s", fullName, versions.size(), HOW_TO_RELEASE)
        .isTrue();
    assertThat(SchemaCatalog.released().findByFingerprint(SchemaCatalog.fingerprint(current)))
        .as("the catalog resolves the fingerprint of the current %s", fullName)
        .isNotNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("currentRecords")
  void isBackwardCompatibleWithEveryReleaseAndForwardCompatibleWithTheLatest(String fullName, Schema current) {
    List<Schema> versions = SchemaCatalog.released().versionsOf(fullName);
    assertThat(versions).as("%s has no released version: %s", fullName, HOW_TO_RELEASE).isNotEmpty();

    List<String> problems = new ArrayList<>();
    for (int i = 0; i < versions.size(); i++) {
      var backward = SchemaCompatibility.checkReaderWriterCompatibility(current, versions.get(i));
      if (backward.getType() != SchemaCompatibilityType.COMPATIBLE) {
        problems.add("BACKWARD: current cannot read v" + (i + 1) + ": " + SchemaRelease.describe(backward));
      }
    }
    var forward = SchemaCompatibility.checkReaderWriterCompatibility(versions.getLast(), current);
    if (forward.getType() != SchemaCompatibilityType.COMPATIBLE) {
      problems.add("FORWARD: v" + versions.size() + " cannot read current: " + SchemaRelease.describe(forward));
    }
    assertThat(problems)
        .as("%s breaks compatibility (add fields only with defaults, never rename or remove, give enums a "
            + "default)", fullName)
        .isEmpty();
  }

  @Test
  void releasedVersionsAreNumberedWithoutGaps() {
    Map<String, List<Integer>> byName = new java.util.TreeMap<>();
    for (var entry : SchemaCatalog.releasedEntries()) {
      byName.computeIfAbsent(entry.fullName(), k -> new ArrayList<>()).add(entry.version());
      assertThat(entry.schema().getFullName()).as("file of %s v%d", entry.fullName(), entry.version())
          .isEqualTo(entry.fullName());
    }
    byName.forEach((name, versions) -> {
      List<Integer> expected = new ArrayList<>();
      for (int v = 1; v <= versions.size(); v++) {
        expected.add(v);
      }
      assertThat(versions).as("versions of %s in INDEX", name).isEqualTo(expected);
    });
  }
}
