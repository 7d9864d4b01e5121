package dev.orkestra.auditor;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.query.Answer;
import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.Candidate;
import dev.orkestra.events.query.Coaching;
import dev.orkestra.events.query.Excerpt;
import dev.orkestra.events.query.FileData;
import dev.orkestra.events.query.LinesData;
import dev.orkestra.events.query.Match;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.QueryData;
import dev.orkestra.events.query.QueryRole;
import dev.orkestra.events.query.ResponseStatus;
import dev.orkestra.events.query.Source;
import dev.orkestra.events.query.VerifiedExcerpt;
import dev.orkestra.runtime.VerifiedDigests;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Answers as the composer builds them, with the verified excerpts they came from. */
public final class AuditFixtures {

  public static final Instant FETCHED_AT = Instant.parse("2025-01-01T12:00:00.250Z");
  public static final String AUTH_LINES = "def login(user):\n    return issue_token(user)";
  public static final String README = "# demo\n\nhello";
  public static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

  private AuditFixtures() {}

  public static VerifiedExcerpt authExcerpt() {
    return VerifiedExcerpt.newBuilder()
        .setCandidate(Candidate.newBuilder().setCandidateId("c1").setPath("backend/auth.py").setStartLine(10)
            .setEndLine(11).setScore(0.9).build())
        .setExcerpt(Excerpt.newBuilder().setPath("backend/auth.py").setStartLine(10).setEndLine(11)
            .setText(AUTH_LINES).setBlobSha("blob-auth").setLineCount(120).build())
        .build();
  }

  public static VerifiedExcerpt readmeExcerpt() {
    return VerifiedExcerpt.newBuilder()
        .setCandidate(Candidate.newBuilder().setCandidateId("c9").setPath("README.md").build())
        .setExcerpt(Excerpt.newBuilder().setPath("README.md").setText(README).setBlobSha("blob-readme")
            .setLineCount(3).build())
        .build();
  }

  public static Source source(String path, String blobSha, Integer start, Integer end) {
    return Source.newBuilder().setType(RepoKind.GITHUB)
        .setUrl("https://github.com/o/n/blob/" + COMMIT + "/" + path).setRef("main").setCommit(COMMIT)
        .setRepo("o/n").setPath(path).setStartLine(start).setEndLine(end).setBlobSha(blobSha).build();
  }

  public static Match authMatch(String lines) {
    return Match.newBuilder().setPath("backend/auth.py").setStartLine(10).setEndLine(11).setLines(lines)
        .setBlobSha("blob-auth").setScore(0.9).setCandidateId("c1").build();
  }

  public static QueryData emptyData() {
    return QueryData.newBuilder().build();
  }

  /** A correct coach find answer. */
  public static AuditRequested.Builder find() {
    Answer answer = Answer.newBuilder()
        .setStatus(ResponseStatus.SUCCESS)
        .setFetchedAt(FETCHED_AT)
        .setData(QueryData.newBuilder().setMatches(List.of(authMatch(AUTH_LINES))).build())
        .setSources(List.of(source("backend/auth.py", "blob-auth", 10, 11)))
        .setMessage("Found 1 verified match for \"Where is authentication implemented?\"")
        .build();
    return request(QueryRole.COACH, QueryAction.FIND, answer, List.of(authExcerpt()));
  }

  /** A correct coach explain answer with coaching. */
  public static AuditRequested.Builder explainWithCoaching(Coaching coaching) {
    AuditRequested.Builder find = find();
    Answer answer = Answer.newBuilder(find.getAnswer())
        .setData(QueryData.newBuilder(find.getAnswer().getData()).setCoaching(coaching).build())
        .build();
    return request(QueryRole.COACH, QueryAction.EXPLAIN, answer, List.of(authExcerpt())).setCoachingRequested(true);
  }

  public static Coaching suggestion() {
    return Coaching.newBuilder().setLabel("suggestion")
        .setText("Suggestion: issue the OAuth token in login() (backend/auth.py:10-11)").setBasedOn(List.of("c1"))
        .build();
  }

  /** A correct admin get_file answer; its source cites the whole file as lines 1-3. */
  public static AuditRequested.Builder file() {
    Answer answer = Answer.newBuilder()
        .setStatus(ResponseStatus.SUCCESS)
        .setFetchedAt(FETCHED_AT)
        .setData(QueryData.newBuilder().setFile(FileData.newBuilder().setPath("README.md").setContent(README)
            .setBlobSha("blob-readme").setLineCount(3).build()).build())
        .setSources(List.of(source("README.md", "blob-readme", 1, 3)))
        .setMessage("Verified file README.md at 0123456")
        .build();
    return request(QueryRole.ADMIN, QueryAction.GET_FILE, answer, List.of(readmeExcerpt()));
  }

  /** A correct admin get_lines answer. */
  public static AuditRequested.Builder lines() {
    Answer answer = Answer.newBuilder()
        .setStatus(ResponseStatus.SUCCESS)
        .setFetchedAt(FETCHED_AT)
        .setData(QueryData.newBuilder().setLines(LinesData.newBuilder().setPath("backend/auth.py").setStartLine(10)
            .setEndLine(11).setLines(AUTH_LINES).setBlobSha("blob-auth").build()).build())
        .setSources(List.of(source("backend/auth.py", "blob-auth", 10, 11)))
        .setMessage("Verified lines 10-11 of backend/auth.py")
        .build();
    return request(QueryRole.ADMIN, QueryAction.GET_LINES, answer, List.of(authExcerpt()));
  }

  /** A correct not_available answer. */
  public static AuditRequested.Builder notAvailable() {
    Answer answer = Answer.newBuilder()
        .setStatus(ResponseStatus.NOT_AVAILABLE)
        .setFetchedAt(FETCHED_AT)
        .setData(emptyData())
        .setSources(List.of())
        .setMessage("NOT_AVAILABLE: file not found at path 'nonexistent/file.js'")
        .build();
    return request(QueryRole.ADMIN, QueryAction.GET_FILE, answer, List.of());
  }

  public static AuditRequested.Builder request(QueryRole role, QueryAction action, Answer answer,
      List<VerifiedExcerpt> verified) {
    return AuditRequested.newBuilder()
        .setEnvelope(Envelope.newBuilder().setEventId(UUID.randomUUID().toString()).setCorrelationId("q-1")
            .setOccurredAt(FETCHED_AT).setProducer("test").build())
        .setRole(role)
        .setAction(action)
        .setAnswer(answer)
        .setVerified(verified)
        .setCoachingRequested(false);
  }

  /** The same request as a coordinator sends it now: the verified excerpts by digest, not with their text. */
  public static AuditRequested.Builder byDigest(AuditRequested.Builder request) {
    return request.setVerifiedDigests(VerifiedDigests.of(request.getVerified())).setVerified(List.of());
  }

  public static AuditRequested withAnswer(AuditRequested.Builder request, Answer answer) {
    return request.setAnswer(answer).build();
  }
}
