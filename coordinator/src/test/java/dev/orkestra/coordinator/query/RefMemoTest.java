package dev.orkestra.coordinator.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RefMemoTest {

  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  private final RefMemo memo = new RefMemo(Duration.ofSeconds(10), 2);

  @Test
  void aBranchIsRecalledOnlyWithinTheReuseWindow() {
    RepoRef main = requested("main");
    memo.remember(main, resolved("main", SHA), 1_000);

    assertThat(memo.recall(main, 1_000 + 9_999)).contains(resolved("main", SHA));
    assertThat(memo.recall(main, 1_000 + 10_000)).isEmpty();
    assertThat(memo.recall(requested("develop"), 1_000)).isEmpty();
  }

  @Test
  void aRefThatIsACommitShaIsRecalledForever() {
    memo.remember(requested(SHA), resolved(SHA, SHA), 1_000);

    assertThat(memo.recall(requested(SHA), Long.MAX_VALUE)).contains(resolved(SHA, SHA));
  }

  @Test
  void theSameRefInAnotherRepositoryIsAnotherEntry() {
    memo.remember(requested("main"), resolved("main", SHA), 1_000);

    RepoRef other = RepoRef.newBuilder(requested("main")).setRepo("/srv/other").build();
    assertThat(memo.recall(other, 1_000)).isEmpty();
  }

  @Test
  void aResolutionWithoutACommitIsNotRemembered() {
    memo.remember(requested("main"), resolved("main", null), 1_000);

    assertThat(memo.recall(requested("main"), 1_000)).isEmpty();
  }

  @Test
  void aRequestNamingItsCommitIsItsOwnEntryAndNeverExpires() {
    RepoRef pinned = new RepoRef(RepoKind.LOCAL, "/srv/repo", "main", SHA.substring(0, 12));
    memo.remember(pinned, resolved("main", SHA), 1_000);

    assertThat(memo.recall(pinned, Long.MAX_VALUE)).contains(resolved("main", SHA));
    assertThat(memo.recall(requested("main"), 1_000)).as("the branch is another entry").isEmpty();
  }

  @Test
  void aRequestNamingItsCommitAnsweredAtAnotherCommitIsNotRemembered() {
    RepoRef pinned = new RepoRef(RepoKind.LOCAL, "/srv/repo", "main", SHA);
    memo.remember(pinned, resolved("main", "f".repeat(40)), 1_000);
    memo.remember(requested(SHA), resolved(SHA, "e".repeat(40)), 1_000);

    assertThat(memo.recall(pinned, 1_000)).isEmpty();
    assertThat(memo.recall(requested(SHA), 1_000)).isEmpty();
  }

  @Test
  void itHoldsNoMoreEntriesThanItsCapacity() {
    for (int i = 0; i < 50; i++) {
      memo.remember(requested("branch-" + i), resolved("branch-" + i, SHA), 1_000);
    }

    assertThat(memo.size()).isEqualTo(2);
  }

  @Test
  void aDisabledMemoRecallsNothing() {
    RefMemo off = RefMemo.disabled();
    off.remember(requested(SHA), resolved(SHA, SHA), 1_000);

    assertThat(off.recall(requested(SHA), 1_000)).isEmpty();
    assertThatThrownBy(() -> new RefMemo(Duration.ofSeconds(-1), 1)).hasMessageContaining("reuse");
  }

  private static RepoRef requested(String ref) {
    return new RepoRef(RepoKind.LOCAL, "/srv/repo", ref, null);
  }

  private static RepoRef resolved(String ref, String commit) {
    return new RepoRef(RepoKind.LOCAL, "/srv/repo", ref, commit);
  }
}
