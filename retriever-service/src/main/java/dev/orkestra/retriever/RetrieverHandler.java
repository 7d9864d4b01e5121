package dev.orkestra.retriever;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Candidate;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.ReadStatus;
import dev.orkestra.events.query.RetrievalCompleted;
import dev.orkestra.events.query.RetrievalRequested;
import dev.orkestra.retriever.index.CommitIndex;
import dev.orkestra.retriever.index.IndexManager;
import dev.orkestra.retriever.search.HybridSearcher;
import dev.orkestra.retriever.search.SearchHit;
import dev.orkestra.retriever.search.SearchMode;
import dev.orkestra.runtime.InvalidRequestException;
import dev.orkestra.runtime.RoleHandler;
import dev.orkestra.runtime.RoleRequest;
import dev.orkestra.runtime.source.ResolvedRef;
import dev.orkestra.runtime.source.SourceException;
import dev.orkestra.runtime.source.SourceReader;
import dev.orkestra.runtime.source.SourceValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The retriever role: resolve the ref once, or take the commit the query pins (every later stage
 * reads at that commit), then either pass the named file or lines through (get_file, get_lines) or
 * search the commit's index (find, explain) for candidates — none when nothing is relevant enough.
 */
public final class RetrieverHandler implements RoleHandler<RetrievalRequested, RetrievalCompleted> {

  /** More candidates than this would only mean more extraction and verification for the composer to ignore. */
  public static final int MAX_CANDIDATES = 50;
  static final int DEFAULT_CANDIDATES = 10;

  private final SourceReader reader;
  private final IndexManager indexes;
  private final HybridSearcher searcher;

  public RetrieverHandler(SourceReader reader, IndexManager indexes, HybridSearcher searcher) {
    this.reader = reader;
    this.indexes = indexes;
    this.searcher = searcher;
  }

  @Override
  public RetrievalCompleted handle(RoleRequest<RetrievalRequested> request) throws Exception {
    return retrieve(request.value(), request.replyEnvelope());
  }

  /** The result for {@code query}, sent under {@code reply}; candidate ids derive from its correlation id. */
  public RetrievalCompleted retrieve(RetrievalRequested query, Envelope reply) throws Exception {
    if (query.getRepo() == null || query.getRepo().getRepo() == null || query.getRepo().getRepo().isBlank()) {
      throw new InvalidRequestException("repo", "is required");
    }
    String queryId = query.getEnvelope().getCorrelationId();
    ResolvedRef resolved;
    try {
      resolved = reader.resolve(query.getRepo());
    } catch (SourceException e) {
      return unavailable(reply, query.getRepo(), e);
    }
    // A pinned commit comes back as itself (in full), its ref as given: the query is answered there.
    RepoRef repo = RepoRef.newBuilder(query.getRepo()).setRef(resolved.ref()).setCommitSha(resolved.commitSha())
        .build();
    List<Candidate> candidates;
    try {
      candidates = switch (query.getAction()) {
        case GET_FILE, GET_LINES -> List.of(named(query, queryId));
        case FIND, EXPLAIN -> searched(query, repo, queryId);
      };
    } catch (SourceException e) {
      return unavailable(reply, repo, e);
    }
    return RetrievalCompleted.newBuilder()
        .setEnvelope(reply)
        .setStatus(ReadStatus.OK)
        .setRepo(repo)
        .setCandidates(candidates)
        .build();
  }

  /** get_file / get_lines: the path as asked; whether it exists is the extractor's to say (NOT_FOUND). */
  private static Candidate named(RetrievalRequested query, String queryId) throws Exception {
    try {
      SourceValidation.path(query.getPath());
    } catch (SourceException e) {
      throw SourceFailures.toException(e);
    }
    Integer start = null;
    Integer end = null;
    if (query.getAction() == QueryAction.GET_LINES) {
      start = query.getStartLine();
      end = query.getEndLine();
      if (start == null || start < 1) {
        throw new InvalidRequestException("startLine", "get_lines needs a start line >= 1, was " + start);
      }
      if (end == null || end < start) {
        throw new InvalidRequestException("endLine", "get_lines needs an end line >= startLine (" + start
            + "), was " + end);
      }
    }
    return Candidate.newBuilder()
        .setCandidateId(candidateId(queryId, 1))
        .setPath(query.getPath())
        .setStartLine(start)
        .setEndLine(end)
        .setScore(1.0)
        .setMatchedBy("request")
        .build();
  }

  private List<Candidate> searched(RetrievalRequested query, RepoRef repo, String queryId) throws Exception {
    String question = query.getQuestion();
    if (question == null || question.isBlank()) {
      throw new InvalidRequestException("question", "is required for " + query.getAction().name().toLowerCase());
    }
    int max = query.getMaxCandidates() <= 0 ? DEFAULT_CANDIDATES : Math.min(query.getMaxCandidates(), MAX_CANDIDATES);
    CommitIndex index = indexes.open(repo, reader);
    List<SearchHit> hits = searcher.search(index, question, max, SearchMode.HYBRID).hits();
    List<Candidate> candidates = new ArrayList<>(hits.size());
    for (SearchHit hit : hits) {
      candidates.add(Candidate.newBuilder()
          .setCandidateId(candidateId(queryId, candidates.size() + 1))
          .setPath(hit.path())
          .setStartLine(hit.startLine())
          .setEndLine(hit.endLine())
          .setScore(hit.score())
          .setBlobSha(hit.blobSha())
          .setChunkId(hit.chunkId())
          .setMatchedBy(hit.matchedBy())
          .build());
    }
    return candidates;
  }

  /** A source failure as an answer (not found, access denied, rate limited), or thrown as invalid/transient. */
  private static RetrievalCompleted unavailable(Envelope reply, RepoRef repo, SourceException e) throws Exception {
    Optional<ReadStatus> status = SourceFailures.status(e);
    if (status.isEmpty()) {
      throw SourceFailures.toException(e);
    }
    return RetrievalCompleted.newBuilder()
        .setEnvelope(reply)
        .setStatus(status.get())
        .setRepo(repo)
        .setFailureReason(e.getMessage())
        .build();
  }

  static String candidateId(String queryId, int n) {
    return queryId + "-c" + n;
  }
}
