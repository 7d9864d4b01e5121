package dev.orkestra.coordinator.query;

import static dev.orkestra.coordinator.query.Events.candidate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.coordinator.query.state.AnswerCacheRequest;
import dev.orkestra.coordinator.query.state.CachedAnswer;
import dev.orkestra.coordinator.query.state.QueryStage;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Answer;
import dev.orkestra.events.query.ExtractionRequested;
import dev.orkestra.events.query.QueryData;
import dev.orkestra.events.query.QueryResponse;
import dev.orkestra.events.query.ResponseStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerCacheFlowTest {

  private static final Duration TTL = Duration.ofMinutes(10);

  private final AnswerCachePolicy policy = new AnswerCachePolicy(TTL);
  private final AnswerCacheFlow flow = new AnswerCacheFlow(policy, "coordinator@test");
  private final long now = 1_000_000;
  private final Answer answer = Answer.newBuilder().setStatus(ResponseStatus.SUCCESS)
      .setFetchedAt(Instant.parse("2026-01-01T00:00:00Z")).setData(QueryData.newBuilder().build())
      .setMessage("1 verified").build();

  @Test
  void aMissFansOutOneExtractionPerCandidateKeyedByCandidateId() {
    QueryProgress query = lookup();

    Step<CachedAnswer> step = flow.onRequest(null, request(query), now);

    assertThat(step.emits()).extracting(Emit::key).containsExactly("q-1-c1", "q-1-c2");
    assertThat(step.emits()).allSatisfy(emit -> {
      ExtractionRequested extraction = (ExtractionRequested) emit.value();
      assertThat(extraction.getRepo()).isEqualTo(query.repo());
      assertThat(extraction.getEnvelope().getCausationId()).isEqualTo(query.lastCause().getEventId());
    });
  }

  @Test
  void aFreshEntryAnswersAtOnce() {
    QueryProgress query = lookup();

    Step<CachedAnswer> step = flow.onRequest(policy.entry(answer, now - 1000), request(query), now);

    assertThat(step.emits()).singleElement().satisfies(emit -> {
      assertThat(emit.key()).isEqualTo("q-1");
      QueryResponse response = (QueryResponse) emit.value();
      assertThat(response.getData()).isEqualTo(answer.getData());
      assertThat(response.getFetchedAt()).isEqualTo(answer.getFetchedAt());
      assertThat(response.getAudited()).isTrue();
    });
    assertThat(step.change()).isEqualTo(Step.Change.KEEP);
  }

  @Test
  void anExpiredEntryIsDroppedAndTheQueryExtracts() {
    CachedAnswer old = policy.entry(answer, now - TTL.toMillis());

    Step<CachedAnswer> step = flow.onRequest(old, request(lookup()), now);

    assertThat(step.change()).isEqualTo(Step.Change.DELETE);
    assertThat(step.emits()).allSatisfy(emit -> assertThat(emit.value()).isInstanceOf(ExtractionRequested.class));
    assertThat(flow.expired(old, now)).isTrue();
  }

  @Test
  void storesAuditedAnswersButNeverErrors() {
    CachedAnswer entry = policy.entry(answer, now);

    assertThat(flow.onRequest(null, AnswerCacheRequest.newBuilder().setCacheKey("k").setStore(entry).build(), now)
        .state()).isEqualTo(entry);
    assertThat(AnswerCachePolicy.cacheable(answer)).isTrue();
    assertThat(AnswerCachePolicy.cacheable(Answer.newBuilder(answer).setStatus(ResponseStatus.NOT_AVAILABLE).build()))
        .isTrue();
    assertThat(AnswerCachePolicy.cacheable(Answer.newBuilder(answer).setStatus(ResponseStatus.ERROR).build()))
        .isFalse();
  }

  private QueryProgress lookup() {
    var query = Events.find("q-1", "where");
    QueryProgress progress = QueryProgress.start(query);
    progress.enter(QueryStage.VERIFICATION, now, now + 30_000, null, Events.reply(query.getEnvelope(), "retriever"));
    progress.resolved(RepoRef.newBuilder(query.getRepo()).setCommitSha(Events.COMMIT).build(),
        List.of(candidate("q-1-c1", "a.py", 1, 2, 0.9), candidate("q-1-c2", "b.py", 1, 2, 0.5)), "k");
    return progress;
  }

  private static AnswerCacheRequest request(QueryProgress query) {
    return AnswerCacheRequest.newBuilder().setCacheKey("k").setLookup(query.toState()).build();
  }
}
