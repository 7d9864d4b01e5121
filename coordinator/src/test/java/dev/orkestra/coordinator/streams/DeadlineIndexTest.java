package dev.orkestra.coordinator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.coordinator.streams.DeadlineIndex.Due;
import dev.orkestra.coordinator.streams.DeadlineIndex.Kind;
import org.junit.jupiter.api.Test;

class DeadlineIndexTest {

  @Test
  void keysSortByTimeWhateverTheId() {
    String early = DeadlineIndex.key(Kind.STAGE, "zzz", 999L);
    String late = DeadlineIndex.key(Kind.ANSWERED, "aaa", 1_000L);
    String muchLater = DeadlineIndex.key(Kind.STAGE, "aaa", 1_767_225_600_000L);

    assertThat(early).isEqualTo("0000000000000000999/S/zzz");
    assertThat(early).isLessThan(late);
    assertThat(late).isLessThan(muchLater);
  }

  @Test
  void aKeyReadsBackAsWhatWasIndexed() {
    Due due = new Due(Kind.ANSWERED, "q-1/with/slashes", 1_767_225_600_123L);

    assertThat(DeadlineIndex.parse(DeadlineIndex.key(due.kind(), due.id(), due.at()))).isEqualTo(due);
  }

  @Test
  void theLastKeyOfATimeSortsAfterEveryEntryOfThatTimeAndBeforeTheNext() {
    String bound = DeadlineIndex.key(Kind.STAGE, "", 1_000L).replace("/S/", "/\uffff");

    assertThat(DeadlineIndex.key(Kind.STAGE, "~~~~~", 1_000L)).isLessThan(bound);
    assertThat(DeadlineIndex.key(Kind.ANSWERED, "q", 1_000L)).isLessThan(bound);
    assertThat(DeadlineIndex.key(Kind.ANSWERED, "q", 1_001L)).isGreaterThan(bound);
  }
}
