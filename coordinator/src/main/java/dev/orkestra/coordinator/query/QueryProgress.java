package dev.orkestra.coordinator.query;

import dev.orkestra.coordinator.query.state.CandidateResultState;
import dev.orkestra.coordinator.query.state.QueryProgressState;
import dev.orkestra.coordinator.query.state.QueryStage;
import dev.orkestra.coordinator.streams.ContractBytes;
import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Answer;
import dev.orkestra.events.query.Candidate;
import dev.orkestra.events.query.Coaching;
import dev.orkestra.events.query.QueryRequested;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the coordinator knows about one query in flight: the request, the current stage and
 * its deadline, the candidates and how each ended, coaching, the composed answer, and the usage of
 * every model call so far. Stored as {@link QueryProgressState} under the queryId.
 */
public final class QueryProgress {

  private final QueryRequested request;
  private QueryStage stage = QueryStage.UNKNOWN;
  private long stageStartedAt;
  private long stageDeadline;
  private String awaitingEventId;
  private Envelope lastCause;
  private RepoRef repo;
  private String cacheKey;
  private CandidateTally tally = CandidateTally.empty();
  private final List<ModelUsage> usage = new ArrayList<>();
  private Coaching coaching;
  private Answer answer;

  private QueryProgress(QueryRequested request) {
    this.request = request;
    this.lastCause = request.getEnvelope();
  }

  /** A query just accepted; {@link #enter} puts it in its first stage. */
  public static QueryProgress start(QueryRequested request) {
    return new QueryProgress(request);
  }

  /**
   * Moves to {@code next}, which must finish by {@code deadline}.
   *
   * @param awaiting eventId of the request the stage waits on (its result must name it as
   *     causationId), or null when the stage waits on several (candidates)
   * @param cause the event that moved the query on: the cause of what is sent next
   */
  public void enter(QueryStage next, long now, long deadline, String awaiting, Envelope cause) {
    this.stage = next;
    this.stageStartedAt = now;
    this.stageDeadline = deadline;
    this.awaitingEventId = awaiting;
    this.lastCause = cause;
  }

  /** The retriever answered: content is pinned to {@code resolved}'s commit; these candidates are awaited. */
  public void resolved(RepoRef resolved, List<Candidate> candidates, String answerCacheKey) {
    this.repo = resolved;
    this.tally = CandidateTally.of(candidates);
    this.cacheKey = answerCacheKey;
  }

  public void addUsage(List<ModelUsage> more) {
    usage.addAll(more);
  }

  public void caused(Envelope cause) {
    this.lastCause = cause;
  }

  public void coaching(Coaching value) {
    this.coaching = value;
  }

  public void answer(Answer value) {
    this.answer = value;
  }

  public String queryId() {
    return request.getEnvelope().getCorrelationId();
  }

  public QueryRequested request() {
    return request;
  }

  public QueryStage stage() {
    return stage;
  }

  public long stageStartedAt() {
    return stageStartedAt;
  }

  public long stageDeadline() {
    return stageDeadline;
  }

  /** The time the current stage was given (its timeout, or less when the query's deadline cut it short). */
  public Duration stageBudget() {
    return Duration.ofMillis(Math.max(0, stageDeadline - stageStartedAt));
  }

  public String awaitingEventId() {
    return awaitingEventId;
  }

  /** True when a result caused by {@code causationId} is the one the current stage waits for. */
  public boolean awaits(String causationId) {
    return awaitingEventId == null || causationId == null || awaitingEventId.equals(causationId);
  }

  public Envelope lastCause() {
    return lastCause;
  }

  /** The repository with the resolved commit once retrieval answered, else as requested. */
  public RepoRef repo() {
    return repo != null ? repo : request.getRepo();
  }

  public String cacheKey() {
    return cacheKey;
  }

  public CandidateTally tally() {
    return tally;
  }

  public List<ModelUsage> usage() {
    return List.copyOf(usage);
  }

  public Coaching coaching() {
    return coaching;
  }

  public Answer answer() {
    return answer;
  }

  /** Coaching was asked for (the validator allows it for the coach role only). */
  public boolean coachingRequested() {
    return request.getIncludeCoaching();
  }

  public QueryProgressState toState() {
    return QueryProgressState.newBuilder()
        .setRequest(ContractBytes.encode(request))
        .setStage(stage)
        .setStageStartedAt(stageStartedAt)
        .setStageDeadline(stageDeadline)
        .setAwaitingEventId(awaitingEventId)
        .setLastCause(ContractBytes.encode(lastCause))
        .setRepo(ContractBytes.encode(repo))
        .setCacheKey(cacheKey)
        .setCandidates(ContractBytes.encodeAll(tally.candidates()))
        .setResults(tally.results().stream().map(CandidateResult::toState).toList())
        .setUsage(ContractBytes.encodeAll(usage))
        .setCoaching(ContractBytes.encode(coaching))
        .setAnswer(ContractBytes.encode(answer))
        .build();
  }

  public static QueryProgress fromState(QueryProgressState state) {
    QueryProgress progress = new QueryProgress(ContractBytes.decode(state.getRequest(), QueryRequested.class));
    progress.stage = state.getStage();
    progress.stageStartedAt = state.getStageStartedAt();
    progress.stageDeadline = state.getStageDeadline();
    progress.awaitingEventId = state.getAwaitingEventId();
    progress.lastCause = ContractBytes.decode(state.getLastCause(), Envelope.class);
    progress.repo = ContractBytes.decode(state.getRepo(), RepoRef.class);
    progress.cacheKey = state.getCacheKey();
    List<CandidateResult> results = new ArrayList<>();
    for (CandidateResultState result : state.getResults()) {
      results.add(CandidateResult.fromState(result));
    }
    progress.tally = CandidateTally.restore(ContractBytes.decodeAll(state.getCandidates(), Candidate.class), results);
    progress.usage.addAll(ContractBytes.decodeAll(state.getUsage(), ModelUsage.class));
    progress.coaching = ContractBytes.decode(state.getCoaching(), Coaching.class);
    progress.answer = ContractBytes.decode(state.getAnswer(), Answer.class);
    return progress;
  }
}
