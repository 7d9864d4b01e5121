package dev.orkestra.coordinator.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.coordinator.query.state.CandidateState;
import dev.orkestra.coordinator.streams.Emit;
import dev.orkestra.coordinator.streams.RecordSizeGuard;
import dev.orkestra.coordinator.streams.StateSerdes;
import dev.orkestra.events.query.QueryRequested;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordSizeGuardTest {

  private final RecordSizeGuard guard = new RecordSizeGuard(1_000, value -> "topic-of-" + value.getSchema().getName());

  @Test
  void aStepWithinTheLimitPasses() {
    assertThat(guard.check("candidates", state(100), List.of(new Emit("k", query(100))))).isEmpty();
    assertThat(guard.check("candidates", null, List.of())).isEmpty();
  }

  @Test
  void theStateIsMeasuredAsItsStoreEncodesIt() {
    CandidateState state = state(2_000);
    int encoded = StateSerdes.of(CandidateState.class).serializer().serialize("changelog", state).length;

    assertThat(guard.check("candidates", state, List.of())).hasValueSatisfying(over -> {
      assertThat(over.bytes()).isEqualTo(encoded);
      assertThat(ErrorMessages.recordTooLarge(over)).isEqualTo("ERROR: coordinator could not write CandidateState to store candidates: "
          + encoded + " bytes, above the 1000-byte record limit");
    });
  }

  @Test
  void anEmittedRecordIsNamedWithItsDestination() {
    QueryRequested large = query(2_000);

    assertThat(guard.check("candidates", state(10), List.of(new Emit("k", query(10)), new Emit("k", large))))
        .hasValueSatisfying(over -> assertThat(over.reason()).startsWith(
            "coordinator could not write QueryRequested to topic-of-QueryRequested: "));
  }

  private static CandidateState state(int bytes) {
    return CandidateState.newBuilder().setQueryId("q".repeat(bytes)).setUpdatedAt(0).build();
  }

  private static QueryRequested query(int questionBytes) {
    return QueryRequested.newBuilder(Events.find("q-1", "x".repeat(questionBytes))).build();
  }
}
