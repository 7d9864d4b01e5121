package dev.orkestra.coordinator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.coordinator.query.state.CachedAnswer;
import dev.orkestra.coordinator.query.state.CandidateOutcome;
import dev.orkestra.coordinator.query.state.CandidateState;
import dev.orkestra.coordinator.query.state.QueryProgressState;
import dev.orkestra.coordinator.task.state.TaskProgressState;
import dev.orkestra.serde.SchemaCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * State in changelogs outlives a deploy: every top-level state record's current schema must be
 * shipped (so the next version can still decode it) and must read every shipped version.
 */
class StateSchemasTest {

  static Stream<Class<?>> storedRecords() {
    return Stream.of(QueryProgressState.class, CandidateState.class, CandidateOutcome.class, CachedAnswer.class,
        TaskProgressState.class);
  }

  @ParameterizedTest
  @MethodSource("storedRecords")
  void currentSchemaIsShippedAndReadsEveryShippedVersion(Class<?> type) throws IOException {
    Schema current = SpecificData.get().getSchema(type);
    List<StateSerdes.ReleasedState> shipped = StateSerdes.released().stream()
        .filter(released -> released.fullName().equals(current.getFullName())).toList();

    boolean isShipped = shipped.stream()
        .anyMatch(released -> SchemaCatalog.fingerprint(released.schema()) == SchemaCatalog.fingerprint(current));
    if (!isShipped) {
      int next = shipped.stream().mapToInt(StateSerdes.ReleasedState::version).max().orElse(0) + 1;
      Path file = Path.of("target", "state-schemas", current.getFullName(), "v" + next + ".avsc");
      Files.createDirectories(file.getParent());
      Files.writeString(file, current.toString(true) + "\n");
      throw new AssertionError(current.getFullName() + " changed without shipping its schema: copy " + file
          + " to src/main/resources/" + StateSerdes.ROOT + current.getFullName() + "/ and list it in INDEX");
    }
    for (StateSerdes.ReleasedState released : shipped) {
      assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, released.schema()).getType())
          .as("%s reads v%d", current.getFullName(), released.version())
          .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }
  }
}
