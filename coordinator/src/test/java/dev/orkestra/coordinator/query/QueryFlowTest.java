package dev.orkestra.coordinator.query;

import static dev.orkestra.coordinator.query.Events.candidate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.coordinator.StageTimeouts;
import dev.orkestra.coordinator.query.state.QueryStage;
import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.query.CompositionRequested;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryResponse;
import dev.orkestra.events.query.RetrievalCompleted;
import dev.orkestra.events.query.RetrievalRequested;
import dev.orkestra.events.query.ResponseStatus;
import dev.orkestra.topics.Topics;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decisions of the query state machine that the topology tests do not reach. */
class QueryFlowTest {

  private final DeadlinePolicy deadlines = new DeadlinePolicy(StageTimeouts.defaults());
  private final QueryFlow flow = new QueryFlow(deadlines, new AnswerCachePolicy(Duration.ofMinutes(1)),
      RefMemo.disabled(), "coordinator@test");
  private final AnswerCache nothingCached = AnswerCache.empty();

  @Test
  void aResultForAnEarlierRequestIsIgnored() {
    QueryRequested query = Events.find("q-1", "x");
    long now = query.getEnvelope().getOccurredAt().toEpochMilli();
    QueryProgress progress = flow.onQuery("q-1", query, null, false, nothingCached, now).state();
    RetrievalRequested someOtherRequest = new Requests("coordinator@old").retrieval(query, null);

    Step<QueryProgress> step = flow.onRetrieval(progress, Events.retrieved(someOtherRequest,
        List.of(candidate("c1", "a", 1, 1, 1))), nothingCached, now);

    assertThat(step.change()).isEqualTo(Step.Change.KEEP);
    assertThat(step.emits()).isEmpty();
  }

  @Test
  void aQueryOlderThanThePipelineCouldTakeIsAnsweredExpiredNotRun() {
    QueryRequested query = Events.getFile("q-1", "a.md");
    long later = query.getEnvelope().getOccurredAt().toEpochMilli() + deadlines.maxQueryAge().toMillis() + 1;

    Step<QueryProgress> step = flow.onQuery("q-1", query, null, false, nothingCached, later);

    assertThat(step.change()).isEqualTo(Step.Change.KEEP);
    QueryResponse response = (QueryResponse) step.emits().getFirst().value();
    assertThat(response.getStatus()).isEqualTo(ResponseStatus.ERROR);
    assertThat(response.getMessage()).startsWith("ERROR: query expired");
  }

  @Test
  void aQueryAnsweredBeforeIsNotRunAgain() {
    QueryRequested query = Events.getFile("q-1", "a.md");
    long now = query.getEnvelope().getOccurredAt().toEpochMilli();

    Step<QueryProgress> step = flow.onQuery("q-1", query, null, true, nothingCached, now);

    assertThat(step.change()).isEqualTo(Step.Change.KEEP);
    assertThat(step.emits()).isEmpty();
  }

  @Test
  void eventsForAQueryWithoutStateChangeNothing() {
    QueryRequested query = Events.getFile("q-1", "a.md");
    RetrievalRequested request = new Requests("coordinator@test").retrieval(query, null);
    RetrievalCompleted result = Events.retrieved(request, List.of(candidate("c1", "a.md", null, null, 1)));

    assertThat(flow.onRetrieval(null, result, nothingCached, 0).emits()).isEmpty();
    assertThat(flow.onFailure(null, Events.failure(request.getEnvelope(), "retriever", Topics.RETRIEVER_REQUESTS.name(),
        "q-1", "x"), 0).emits()).isEmpty();
  }

  @Test
  void aFailureIsRoutedByTheTopicItsRequestCameFromElseByRole() {
    var envelope = Events.getFile("q-1", "a.md").getEnvelope();

    assertThat(QueryFlow.failedRole(Events.failure(envelope, "extractor-github", Topics.EXTRACTOR_REQUESTS.name(),
        "q-1-c1", "x"))).isEqualTo("extractor");
    assertThat(QueryFlow.failedRole(Events.failure(envelope, "Auditor", "somewhere.else", "q-1", "x")))
        .isEqualTo("auditor");
  }

  @Test
  void anExtractorFailureThatCompletesTheTallyComposes() {
    QueryRequested query = Events.getFile("q-1", "a.md");
    long now = query.getEnvelope().getOccurredAt().toEpochMilli();
    QueryProgress progress = flow.onQuery("q-1", query, null, false, nothingCached, now).state();
    RetrievalRequested retrieval = (RetrievalRequested) flow.onQuery("q-x", Events.getFile("q-x", "a.md"), null,
        false, nothingCached, now).emits().getFirst().value();
    Envelope awaited = Envelope.newBuilder(retrieval.getEnvelope()).setEventId(progress.awaitingEventId())
        .setCorrelationId("q-1").build();
    RetrievalCompleted result = Events.retrieved(RetrievalRequested.newBuilder(retrieval).setEnvelope(awaited).build(),
        List.of(candidate("c1", "a.md", null, null, 1)));
    progress = flow.onRetrieval(progress, result, nothingCached, now).state();
    assertThat(progress.stage()).isEqualTo(QueryStage.VERIFICATION);

    Step<QueryProgress> step = flow.onFailure(progress, Events.failure(result.getEnvelope(), "extractor",
        Topics.EXTRACTOR_REQUESTS.name(), "q-1-c1", "git timed out"), now);

    CompositionRequested composition = (CompositionRequested) step.emits().getFirst().value();
    assertThat(composition.getUnavailableReason())
        .isEqualTo("NOT_AVAILABLE: Data verification failed (0/1 candidates verified)");
    assertThat(step.state().stage()).isEqualTo(QueryStage.COMPOSITION);
  }
}
