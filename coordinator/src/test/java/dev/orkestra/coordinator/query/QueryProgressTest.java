package dev.orkestra.coordinator.query;

import dev.orkestra.coordinator.query.state.QueryProgressState;
import dev.orkestra.coordinator.query.state.QueryStage;
import dev.orkestra.coordinator.streams.StateSerdes;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Answer;
import dev.orkestra.events.query.Candidate;
import dev.orkestra.events.query.Coaching;
import dev.orkestra.events.query.QueryData;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.ReadStatus;
import dev.orkestra.events.query.ResponseStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import static dev.orkestra.coordinator.query.Events.candidate;
import static org.assertj.core.api.Assertions.assertThat;

class QueryProgressTest {

  @Test
  void survivesTheRoundTripThroughItsStoredForm() {
    QueryRequested query = Events.explainWithCoaching("q-1", "How does caching work?");
    Candidate first = candidate("q-1-c1", "cache.py", 1, 9, 0.8);
    Candidate second = candidate("q-1-c2", "store.py", 3, 4, 0.6);
    QueryProgress progress = QueryProgress.start(query);
    progress.enter(QueryStage.SYNTHESIS, 1_000, 61_000, "awaited-event", Events.reply(query.getEnvelope(), "x"));
    progress.resolved(RepoRef.newBuilder(query.getRepo()).setCommitSha(Events.COMMIT).build(), List.of(first, second),
        "cache-key");
    progress.tally().record(CandidateTallyTest.verified(first, Instant.parse("2026-01-01T00:00:01Z")));
    progress.tally().record(CandidateResult.failed("q-1-c2", ReadStatus.NOT_FOUND, "gone"));
    progress.addUsage(List.of(Events.usage("m", 0.5)));
    progress.coaching(Coaching.newBuilder().setText("try this").build());
    progress.answer(Answer.newBuilder().setStatus(ResponseStatus.SUCCESS).setFetchedAt(Instant.EPOCH)
        .setData(QueryData.newBuilder().build()).build());

    QueryProgressState stored = StateSerdes.of(QueryProgressState.class)
        .decode(StateSerdes.of(QueryProgressState.class).encode(progress.toState()));
    QueryProgress restored = QueryProgress.fromState(stored);

    assertThat(restored.request()).isEqualTo(query);
    assertThat(restored.stage()).isEqualTo(QueryStage.SYNTHESIS);
    assertThat(restored.stageDeadline()).isEqualTo(61_000);
    assertThat(restored.stageBudget().toSeconds()).isEqualTo(60);
    assertThat(restored.awaitingEventId()).isEqualTo("awaited-event");
    assertThat(restored.lastCause()).isEqualTo(progress.lastCause());
    assertThat(restored.repo()).isEqualTo(progress.repo());
    assertThat(restored.cacheKey()).isEqualTo("cache-key");
    assertThat(restored.tally().candidates()).containsExactly(first, second);
    assertThat(restored.tally().results()).containsExactlyElementsOf(progress.tally().results());
    assertThat(restored.usage()).isEqualTo(progress.usage());
    assertThat(restored.coaching()).isEqualTo(progress.coaching());
    assertThat(restored.answer()).isEqualTo(progress.answer());
  }

  @Test
  void resultsMatchOnlyTheAwaitedRequest() {
    QueryProgress progress = QueryProgress.start(Events.getFile("q-1", "a.md"));
    progress.enter(QueryStage.COMPOSITION, 0, 1, "request-1", progress.lastCause());

    assertThat(progress.awaits("request-1")).isTrue();
    assertThat(progress.awaits("request-0")).isFalse();
    assertThat(progress.awaits(null)).as("a result without causation is not refused").isTrue();
  }
}
