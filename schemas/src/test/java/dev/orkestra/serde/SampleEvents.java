package dev.orkestra.serde;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Coaching;
import dev.orkestra.events.query.Match;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.QueryData;
import dev.orkestra.events.query.QueryResponse;
import dev.orkestra.events.query.QueryRole;
import dev.orkestra.events.query.ResponseStatus;
import dev.orkestra.events.query.Source;
import dev.orkestra.events.task.ControlAction;
import dev.orkestra.events.task.ControlCommand;
import java.time.Instant;
import java.util.List;

/** Realistic events for serde tests. */
public final class SampleEvents {

  public static final Instant AT = Instant.ofEpochMilli(1_767_225_600_123L);

  private SampleEvents() {}

  public static Envelope envelope(String correlationId, String producer) {
    return Envelope.newBuilder()
        .setEventId("6f1c1e56-3f55-4a8a-9d0e-1b0d5b8f8a01")
        .setCorrelationId(correlationId)
        .setCausationId("0b7c2a2e-7d62-4d0b-a0d7-5f0e1a7c9d11")
        .setOccurredAt(AT)
        .setProducer(producer)
        .build();
  }

  /** A successful coach answer with one verified match, coaching and a source. */
  public static QueryResponse queryResponse() {
    RepoRef repo = RepoRef.newBuilder()
        .setKind(RepoKind.GITHUB).setRepo("MIHAchoppa/lvl-up-agency").setRef("main")
        .setCommitSha("3f7a9c0d1e2b4a5968778695a4b3c2d1e0f9a8b7").build();
    Match match = Match.newBuilder()
        .setPath("backend/server.py").setStartLine(45).setEndLine(47)
        .setLines("def login(user):\n    token = issue(user)\n    return token")
        .setBlobSha("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678").setScore(0.87)
        .setCandidateId("q-1-c1").setChunkId("backend/server.py#40-60").build();
    return QueryResponse.newBuilder()
        .setEnvelope(envelope("q-1", "coordinator@host-1"))
        .setStatus(ResponseStatus.SUCCESS)
        .setFetchedAt(AT)
        .setData(QueryData.newBuilder()
            .setMatches(List.of(match))
            .setCoaching(Coaching.newBuilder()
                .setText("Consider moving token issuing behind an OAuth provider.")
                .setBasedOn(List.of("q-1-c1"))
                .setModel(ModelRef.newBuilder().setModelId("claude-sonnet").setFamily("claude").build())
                .build())
            .build())
        .setSources(List.of(Source.newBuilder()
            .setType(RepoKind.GITHUB)
            .setUrl("https://github.com/MIHAchoppa/lvl-up-agency/blob/3f7a9c0/backend/server.py#L45-L47")
            .setRef("main").setCommit(repo.getCommitSha()).setRepo(repo.getRepo())
            .setPath("backend/server.py").setStartLine(45).setEndLine(47)
            .setBlobSha(match.getBlobSha()).setChunkId(match.getChunkId()).setRelevanceScore(0.87)
            .build()))
        .setMessage("1 verified match")
        .setRole(QueryRole.COACH)
        .setAction(QueryAction.EXPLAIN)
        .setRepo(repo)
        .setAudited(true)
        .setUsage(List.of(ModelUsage.newBuilder().setModelId("claude-sonnet").setProvider("anthropic")
            .setInputTokens(1800).setOutputTokens(420).setCostUsd(0.0117).setLatencyMs(2300).build()))
        .setElapsedMs(3100L)
        .build();
  }

  public static ControlCommand controlCommand() {
    return ControlCommand.newBuilder()
        .setEnvelope(envelope("RAE-001", "cli@laptop"))
        .setTaskId("RAE-001")
        .setAction(ControlAction.PAUSE)
        .setReason("lunch")
        .setIssuedBy("grzegorz")
        .build();
  }
}
