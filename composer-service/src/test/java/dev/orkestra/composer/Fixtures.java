package dev.orkestra.composer;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Candidate;
import dev.orkestra.events.query.CompositionRequested;
import dev.orkestra.events.query.Excerpt;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.QueryRole;
import dev.orkestra.events.query.VerifiedExcerpt;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Requests and verified excerpts as the coordinator sends them. */
public final class Fixtures {

  public static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  public static final String README = "# lvl-up-agency\n\nAgency tooling.";
  public static final String AUTH_LINES = "def login(user):\n    return issue_token(user)";

  private Fixtures() {}

  public static RepoRef github(String ref) {
    return RepoRef.newBuilder().setKind(RepoKind.GITHUB).setRepo("MIHAchoppa/lvl-up-agency").setRef(ref)
        .setCommitSha(COMMIT).build();
  }

  public static Envelope envelope() {
    return Envelope.newBuilder().setEventId(UUID.randomUUID().toString()).setCorrelationId("q-1")
        .setCausationId(null).setOccurredAt(Instant.parse("2025-01-01T12:00:00Z")).setProducer("test").build();
  }

  public static VerifiedExcerpt wholeFile(String candidateId, String path, String text, int lineCount) {
    return VerifiedExcerpt.newBuilder()
        .setCandidate(Candidate.newBuilder().setCandidateId(candidateId).setPath(path).setScore(1.0).build())
        .setExcerpt(Excerpt.newBuilder().setPath(path).setText(text).setBlobSha("b10b" + candidateId)
            .setLineCount(lineCount).setSizeBytes((long) text.length()).build())
        .build();
  }

  public static VerifiedExcerpt lines(String candidateId, String path, int start, int end, String text, double score) {
    return VerifiedExcerpt.newBuilder()
        .setCandidate(Candidate.newBuilder().setCandidateId(candidateId).setPath(path).setStartLine(start)
            .setEndLine(end).setScore(score).setChunkId("chunk-" + candidateId).setMatchedBy("hybrid").build())
        .setExcerpt(Excerpt.newBuilder().setPath(path).setStartLine(start).setEndLine(end).setText(text)
            .setBlobSha("b10b" + candidateId).setLineCount(200).build())
        .build();
  }

  public static CompositionRequested.Builder request(QueryRole role, QueryAction action, List<VerifiedExcerpt> verified) {
    return CompositionRequested.newBuilder()
        .setEnvelope(envelope())
        .setRole(role)
        .setAction(action)
        .setRepo(github("main"))
        .setVerified(verified)
        .setCandidatesTotal(verified.size())
        .setCandidatesVerified(verified.size())
        .setFetchedAt(Instant.parse("2025-01-01T12:00:00.123Z"));
  }
}
