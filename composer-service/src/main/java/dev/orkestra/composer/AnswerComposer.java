package dev.orkestra.composer;

import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Answer;
import dev.orkestra.events.query.CompositionRequested;
import dev.orkestra.events.query.Excerpt;
import dev.orkestra.events.query.FileData;
import dev.orkestra.events.query.LinesData;
import dev.orkestra.events.query.Match;
import dev.orkestra.events.query.QueryData;
import dev.orkestra.events.query.ResponseStatus;
import dev.orkestra.events.query.Source;
import dev.orkestra.events.query.VerifiedExcerpt;
import dev.orkestra.runtime.InvalidRequestException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Shapes verified data into seed 000's Global Output Schema ({@link Answer}). Only the excerpts in
 * {@code verified} (match:true) are used, verbatim; everything else becomes {@code not_available}.
 */
public final class AnswerComposer {

  private AnswerComposer() {}

  /**
   * @param now used as {@code fetchedAt} when the request carries none
   * @throws InvalidRequestException when the request contradicts itself (unresolved commit, a get_file
   *     excerpt that is not the whole file, no excerpt for the requested path): a coordinator bug that
   *     must surface as a failure, not as a wrong answer
   */
  public static Answer compose(CompositionRequested request, Instant now) throws InvalidRequestException {
    Instant fetchedAt = (request.getFetchedAt() != null ? request.getFetchedAt() : now).truncatedTo(ChronoUnit.MILLIS);
    if (request.getUnavailableReason() != null && !request.getUnavailableReason().isBlank()) {
      return notAvailable(fetchedAt, AnswerMessages.notAvailable(request.getUnavailableReason()));
    }
    List<VerifiedExcerpt> verified = request.getVerified();
    if (verified.isEmpty()) {
      String message = request.getCandidatesTotal() > 0
          ? AnswerMessages.verificationFailed(0, request.getCandidatesTotal())
          : AnswerMessages.NO_MATCHES;
      return notAvailable(fetchedAt, message);
    }
    RepoRef repo = request.getRepo();
    String commit = repo.getCommitSha();
    if (commit == null || commit.isBlank()) {
      throw new InvalidRequestException("repo.commitSha", "must be resolved before composition");
    }
    return switch (request.getAction()) {
      case GET_FILE -> fileAnswer(request, commit, fetchedAt);
      case GET_LINES -> linesAnswer(request, commit, fetchedAt);
      case FIND, EXPLAIN -> matchesAnswer(request, commit, fetchedAt);
    };
  }

  /** The not-available answer: empty data, no sources, the reason as message. */
  public static Answer notAvailable(Instant fetchedAt, String message) {
    return Answer.newBuilder()
        .setStatus(ResponseStatus.NOT_AVAILABLE)
        .setFetchedAt(fetchedAt)
        .setData(emptyData())
        .setSources(List.of())
        .setMessage(message)
        .build();
  }

  public static QueryData emptyData() {
    return QueryData.newBuilder().setFile(null).setLines(null).setMatches(List.of()).setCoaching(null).build();
  }

  private static Answer fileAnswer(CompositionRequested request, String commit, Instant fetchedAt)
      throws InvalidRequestException {
    VerifiedExcerpt verified = forRequestedPath(request);
    Excerpt excerpt = verified.getExcerpt();
    if (!ExcerptRange.of(excerpt).wholeFile()) {
      throw new InvalidRequestException("verified", "get_file needs a whole-file excerpt, got lines "
          + excerpt.getStartLine() + "-" + excerpt.getEndLine() + " of " + excerpt.getPath());
    }
    FileData file = FileData.newBuilder()
        .setPath(excerpt.getPath())
        .setContent(excerpt.getText())
        .setBlobSha(excerpt.getBlobSha())
        .setLineCount(excerpt.getLineCount())
        .setSizeBytes(excerpt.getSizeBytes())
        .build();
    QueryData data = QueryData.newBuilder(emptyData()).setFile(file).build();
    return success(fetchedAt, data, List.of(SourceFactory.of(request.getRepo(), commit, verified)),
        AnswerMessages.verifiedFile(excerpt.getPath(), commit));
  }

  private static Answer linesAnswer(CompositionRequested request, String commit, Instant fetchedAt)
      throws InvalidRequestException {
    VerifiedExcerpt verified = forRequestedPath(request);
    Excerpt excerpt = verified.getExcerpt();
    ExcerptRange range = ExcerptRange.of(excerpt);
    LinesData lines = LinesData.newBuilder()
        .setPath(excerpt.getPath())
        .setStartLine(range.startLine())
        .setEndLine(range.endLine())
        .setLines(excerpt.getText())
        .setBlobSha(excerpt.getBlobSha())
        .build();
    QueryData data = QueryData.newBuilder(emptyData()).setLines(lines).build();
    return success(fetchedAt, data, List.of(SourceFactory.of(request.getRepo(), commit, verified)),
        AnswerMessages.verifiedLines(excerpt.getPath(), range.startLine(), range.endLine()));
  }

  private static Answer matchesAnswer(CompositionRequested request, String commit, Instant fetchedAt) {
    List<Match> matches = new ArrayList<>();
    List<Source> sources = new ArrayList<>();
    Set<String> candidateIds = new LinkedHashSet<>();
    for (VerifiedExcerpt verified : request.getVerified()) {
      matches.add(match(request.getRepo(), commit, verified));
      sources.add(SourceFactory.of(request.getRepo(), commit, verified));
      candidateIds.add(verified.getCandidate().getCandidateId());
    }
    QueryData data = QueryData.newBuilder(emptyData())
        .setMatches(matches)
        .setCoaching(CoachingDecision.decide(request, candidateIds).orElse(null))
        .build();
    return success(fetchedAt, data, sources, AnswerMessages.foundMatches(matches.size(), request.getQuestion()));
  }

  private static Match match(RepoRef repo, String commit, VerifiedExcerpt verified) {
    Excerpt excerpt = verified.getExcerpt();
    ExcerptRange range = ExcerptRange.of(excerpt);
    return Match.newBuilder()
        .setPath(excerpt.getPath())
        .setStartLine(range.startLine())
        .setEndLine(range.endLine())
        .setLines(excerpt.getText())
        .setBlobSha(excerpt.getBlobSha())
        .setScore(verified.getCandidate().getScore())
        .setCandidateId(verified.getCandidate().getCandidateId())
        .setChunkId(verified.getCandidate().getChunkId())
        .setUrl(SourceFactory.urlOf(repo, commit, excerpt, range))
        .build();
  }

  /** get_file/get_lines: the excerpt of the requested path (the retriever returns that path as the only candidate). */
  private static VerifiedExcerpt forRequestedPath(CompositionRequested request) throws InvalidRequestException {
    String path = request.getPath();
    if (path == null) {
      return request.getVerified().getFirst();
    }
    return request.getVerified().stream()
        .filter(v -> v.getExcerpt().getPath().equals(path))
        .findFirst()
        .orElseThrow(() -> new InvalidRequestException("verified", "no verified excerpt for path '" + path + "'"));
  }

  private static Answer success(Instant fetchedAt, QueryData data, List<Source> sources, String message) {
    return Answer.newBuilder()
        .setStatus(ResponseStatus.SUCCESS)
        .setFetchedAt(fetchedAt)
        .setData(data)
        .setSources(sources)
        .setMessage(message)
        .build();
  }
}
