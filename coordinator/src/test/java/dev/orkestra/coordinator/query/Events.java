package dev.orkestra.coordinator.query;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.Failure;
import dev.orkestra.events.common.FailureKind;
import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Answer;
import dev.orkestra.events.query.AuditCompleted;
import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.Candidate;
import dev.orkestra.events.query.Coaching;
import dev.orkestra.events.query.CompositionCompleted;
import dev.orkestra.events.query.CompositionRequested;
import dev.orkestra.events.query.Excerpt;
import dev.orkestra.events.query.ExtractionCompleted;
import dev.orkestra.events.query.ExtractionRequested;
import dev.orkestra.events.query.FileData;
import dev.orkestra.events.query.LinesData;
import dev.orkestra.events.query.Match;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.QueryData;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryRole;
import dev.orkestra.events.query.ReadStatus;
import dev.orkestra.events.query.ResponseStatus;
import dev.orkestra.events.query.RetrievalCompleted;
import dev.orkestra.events.query.RetrievalRequested;
import dev.orkestra.events.query.RuleViolation;
import dev.orkestra.events.query.Source;
import dev.orkestra.events.query.SynthesisCompleted;
import dev.orkestra.events.query.SynthesisRequested;
import dev.orkestra.events.query.VerificationCompleted;
import dev.orkestra.events.query.VerificationRequested;
import dev.orkestra.events.query.VerifiedExcerpt;
import dev.orkestra.runtime.Envelopes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Test events, and what tiny fake role services would answer: every result is derived from its
 * request (causationId, candidate, excerpt), so tests assert behaviour rather than fixed values.
 */
public final class Events {

  public static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

  private Events() {}

  public static String newQueryId() {
    return "q-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public static QueryRequested.Builder query(String queryId, QueryRole role, QueryAction action) {
    return QueryRequested.newBuilder()
        .setEnvelope(Envelopes.start(queryId, "test@client"))
        .setRole(role)
        .setAction(action)
        .setRepo(RepoRef.newBuilder().setKind(RepoKind.GITHUB).setRepo("octo/demo").setRef("main").build());
  }

  public static QueryRequested getFile(String queryId, String path) {
    return query(queryId, QueryRole.ADMIN, QueryAction.GET_FILE).setPath(path).build();
  }

  public static QueryRequested getLines(String queryId, String path, int start, int end) {
    return query(queryId, QueryRole.ADMIN, QueryAction.GET_LINES).setPath(path).setStartLine(start).setEndLine(end)
        .build();
  }

  public static QueryRequested find(String queryId, String question) {
    return query(queryId, QueryRole.COACH, QueryAction.FIND).setQuestion(question).build();
  }

  public static QueryRequested explainWithCoaching(String queryId, String question) {
    return query(queryId, QueryRole.COACH, QueryAction.EXPLAIN).setQuestion(question).setIncludeCoaching(true).build();
  }

  public static Candidate candidate(String id, String path, Integer start, Integer end, double score) {
    return Candidate.newBuilder().setCandidateId(id).setPath(path).setStartLine(start).setEndLine(end).setScore(score)
        .setMatchedBy("hybrid").build();
  }

  public static ModelUsage usage(String modelId, double cost) {
    return ModelUsage.newBuilder().setModelId(modelId).setProvider("scripted").setInputTokens(10).setOutputTokens(5)
        .setCostUsd(cost).build();
  }

  public static RetrievalCompleted retrieved(RetrievalRequested request, List<Candidate> candidates) {
    return RetrievalCompleted.newBuilder()
        .setEnvelope(reply(request.getEnvelope(), "retriever"))
        .setStatus(ReadStatus.OK)
        .setRepo(RepoRef.newBuilder(request.getRepo()).setCommitSha(COMMIT).build())
        .setCandidates(candidates)
        .setUsage(List.of(usage("embedder", 0.0)))
        .build();
  }

  public static RetrievalCompleted retrievalFailed(RetrievalRequested request, ReadStatus status, String reason) {
    return RetrievalCompleted.newBuilder()
        .setEnvelope(reply(request.getEnvelope(), "retriever"))
        .setStatus(status)
        .setRepo(request.getRepo())
        .setFailureReason(reason)
        .build();
  }

  /** The extractor's verbatim read: text derived from the candidate so each one is distinct. */
  public static ExtractionCompleted extracted(ExtractionRequested request) {
    Candidate candidate = request.getCandidate();
    return extracted(request, "line of " + candidate.getCandidateId() + " in " + candidate.getPath());
  }

  /** The extractor's verbatim read of {@code text}. */
  public static ExtractionCompleted extracted(ExtractionRequested request, String text) {
    Candidate candidate = request.getCandidate();
    Excerpt excerpt = Excerpt.newBuilder()
        .setPath(candidate.getPath())
        .setStartLine(candidate.getStartLine())
        .setEndLine(candidate.getEndLine())
        .setText(text)
        .setBlobSha("blob-" + candidate.getCandidateId())
        .setLineCount(1)
        .setSizeBytes((long) text.getBytes(StandardCharsets.UTF_8).length)
        .setUrl("https://github.com/" + request.getRepo().getRepo() + "/blob/" + request.getRepo().getCommitSha() + "/"
            + candidate.getPath())
        .build();
    return ExtractionCompleted.newBuilder()
        .setEnvelope(reply(request.getEnvelope(), "extractor"))
        .setCandidateId(candidate.getCandidateId())
        .setStatus(ReadStatus.OK)
        .setExcerpt(excerpt)
        .setReadVia("jgit")
        .build();
  }

  public static ExtractionCompleted notExtracted(ExtractionRequested request, ReadStatus status, String reason) {
    return ExtractionCompleted.newBuilder()
        .setEnvelope(reply(request.getEnvelope(), "extractor"))
        .setCandidateId(request.getCandidate().getCandidateId())
        .setStatus(status)
        .setFailureReason(reason)
        .build();
  }

  public static VerificationCompleted verified(VerificationRequested request, boolean match) {
    return VerificationCompleted.newBuilder()
        .setEnvelope(reply(request.getEnvelope(), "verifier"))
        .setCandidateId(request.getCandidateId())
        .setMatch(match)
        .setReadStatus(ReadStatus.OK)
        .setReason(match ? null : "lines differ from the independent read")
        .setConfirmedLines(match ? request.getClaimed().getText() : "something else")
        .setBlobSha(request.getClaimed().getBlobSha())
        .setReadVia("github-api")
        .build();
  }

  public static SynthesisCompleted synthesized(SynthesisRequested request) {
    Coaching coaching = Coaching.newBuilder()
        .setText("Consider how " + request.getQuestion() + " relates to the verified lines.")
        .setBasedOn(request.getVerified().stream().map(v -> v.getCandidate().getCandidateId()).toList())
        .build();
    return SynthesisCompleted.newBuilder()
        .setEnvelope(reply(request.getEnvelope(), "synthesizer"))
        .setCoaching(coaching)
        .setUsage(List.of(usage("coach-model", 0.01)))
        .build();
  }

  /** What a composer makes of the request: not_available with the given reason, else the verified data. */
  public static CompositionCompleted composed(CompositionRequested request) {
    Instant fetchedAt = request.getFetchedAt() != null ? request.getFetchedAt() : Instant.now();
    Answer answer;
    if (request.getUnavailableReason() != null) {
      answer = Answer.newBuilder().setStatus(ResponseStatus.NOT_AVAILABLE).setFetchedAt(fetchedAt)
          .setData(QueryData.newBuilder().build()).setMessage(request.getUnavailableReason()).build();
    } else {
      answer = Answer.newBuilder().setStatus(ResponseStatus.SUCCESS).setFetchedAt(fetchedAt)
          .setData(data(request)).setSources(sources(request))
          .setMessage(request.getVerified().size() + " verified").build();
    }
    return CompositionCompleted.newBuilder()
        .setEnvelope(reply(request.getEnvelope(), "composer"))
        .setAnswer(answer)
        .setUsage(List.of(usage("composer-model", 0.02)))
        .build();
  }

  public static AuditCompleted audited(AuditRequested request, RuleViolation... violations) {
    return AuditCompleted.newBuilder()
        .setEnvelope(reply(request.getEnvelope(), "auditor"))
        .setPassed(violations.length == 0)
        .setViolations(List.of(violations))
        .build();
  }

  public static Failure failure(Envelope request, String role, String topic, String subjectId, String reason) {
    return Failure.newBuilder()
        .setEnvelope(reply(request, role))
        .setRole(role)
        .setRequestTopic(topic)
        .setKind(FailureKind.TRANSIENT_EXHAUSTED)
        .setReason(reason)
        .setAttempts(3)
        .setSubjectId(subjectId)
        .build();
  }

  public static Envelope reply(Envelope cause, String role) {
    return Envelopes.reply(cause, role + "@test");
  }

  private static QueryData data(CompositionRequested request) {
    List<VerifiedExcerpt> verified = request.getVerified();
    VerifiedExcerpt first = verified.getFirst();
    return switch (request.getAction()) {
      case GET_FILE -> QueryData.newBuilder().setFile(FileData.newBuilder().setPath(first.getExcerpt().getPath())
          .setContent(first.getExcerpt().getText()).setBlobSha(first.getExcerpt().getBlobSha())
          .setLineCount(first.getExcerpt().getLineCount()).build()).build();
      case GET_LINES -> QueryData.newBuilder().setLines(LinesData.newBuilder().setPath(first.getExcerpt().getPath())
          .setStartLine(request.getStartLine()).setEndLine(request.getEndLine())
          .setLines(first.getExcerpt().getText()).setBlobSha(first.getExcerpt().getBlobSha()).build()).build();
      case FIND, EXPLAIN -> {
        List<Match> matches = new ArrayList<>();
        for (VerifiedExcerpt v : verified) {
          matches.add(Match.newBuilder().setPath(v.getExcerpt().getPath())
              .setStartLine(v.getExcerpt().getStartLine() == null ? 1 : v.getExcerpt().getStartLine())
              .setEndLine(v.getExcerpt().getEndLine() == null ? 1 : v.getExcerpt().getEndLine())
              .setLines(v.getExcerpt().getText()).setBlobSha(v.getExcerpt().getBlobSha())
              .setScore(v.getCandidate().getScore()).setCandidateId(v.getCandidate().getCandidateId()).build());
        }
        yield QueryData.newBuilder().setMatches(matches).setCoaching(request.getCoaching()).build();
      }
    };
  }

  private static List<Source> sources(CompositionRequested request) {
    return request.getVerified().stream().map(v -> Source.newBuilder()
        .setType(request.getRepo().getKind())
        .setUrl(v.getExcerpt().getUrl())
        .setRef(request.getRepo().getRef())
        .setCommit(request.getRepo().getCommitSha())
        .setRepo(request.getRepo().getRepo())
        .setPath(v.getExcerpt().getPath())
        .setStartLine(v.getExcerpt().getStartLine())
        .setEndLine(v.getExcerpt().getEndLine())
        .setBlobSha(v.getExcerpt().getBlobSha())
        .setRelevanceScore(v.getCandidate().getScore())
        .build()).toList();
  }
}
