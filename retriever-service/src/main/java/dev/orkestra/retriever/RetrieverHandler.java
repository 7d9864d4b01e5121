package dev.orkestra.retriever;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Candidate;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.ReadStatus;
import dev.orkestra.events.query.RetrievalCompleted;
import dev.orkestra.events.query.RetrievalRequested;
import dev.orkestra.retriever.index.CommitIndex;
import dev.orkestra.retriever.index.IndexManager;
import dev.orkestra.retriever.rerank.AssistedSearch;
import dev.orkestra.retriever.rerank.ModelStep;
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
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The retriever role: resolve the ref once, or take the commit the query pins (every later stage
 * reads at that commit), then either pass the named file or lines through (get_file, get_lines) or
 * search the commit's index (find, explain) for candidates — none when nothing is relevant enough.
 * With a {@link RetrieverModel} configured, a search the gate lets through is refined by the model
 * ({@link AssistedSearch}: code terms searched too, candidates reordered or dropped, never added).
 */
public final class RetrieverHandler implements RoleHandler<RetrievalRequested, RetrievalCompleted> {

  /** More candidates than this would only mean more extraction and verification for the composer to ignore. */
  public static final int MAX_CANDIDATES = 50;
  static final int DEFAULT_CANDIDATES = 10;

  private final SourceReader reader;
  private final IndexManager indexes;
  private final HybridSearcher searcher;
  private final Optional<RetrieverModel> model;

  /** Search alone: no retriever model. */
  public RetrieverHandler(SourceReader reader, IndexManager indexes, HybridSearcher searcher) {
    this(reader, indexes, searcher, Optional.empty());
  }

  /** @param model the optional retriever model ({@link RetrieverModel}); empty: search alone */
  public RetrieverHandler(SourceReader reader, IndexManager indexes, HybridSearcher searcher,
      Optional<RetrieverModel> model) {
    this.reader = reader;
    this.indexes = indexes;
    this.searcher = searcher;
    this.model = model;
  }

  @Override
  public RetrievalCompleted handle(RoleRequest<RetrievalRequested> request) throws Exception {
    // Model calls go through the request: journaled in the action log, paid once across retries.
    Optional<ModelStep> assist = model.map(m -> new ModelStep(request.models(m.registry()), m.spec().id(),
        request.value().getEnvelope().getCorrelationId()));
    return retrieve(request.value(), request.replyEnvelope(), assist);
  }

  /** The result for {@code query} by search alone, sent under {@code reply}; candidate ids derive from its correlation id. */
  public RetrievalCompleted retrieve(RetrievalRequested query, Envelope reply) throws Exception {
    return retrieve(query, reply, Optional.empty());
  }

  /** As {@link #retrieve(RetrievalRequested, Envelope)}, with the retriever model's calls, if any, made by {@code assist}. */
  private RetrievalCompleted retrieve(RetrievalRequested query, Envelope reply, Optional<ModelStep> assist)
      throws Exception {
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
    List<ModelUsage> usage = new ArrayList<>();
    try {
      candidates = switch (query.getAction()) {
        case GET_FILE, GET_LINES -> List.of(named(query, queryId));
        case FIND, EXPLAIN -> searched(query, repo, queryId, assist, usage);
      };
    } catch (SourceException e) {
      return unavailable(reply, repo, e);
    }
    RetrievalCompleted.Builder result = RetrievalCompleted.newBuilder()
        .setEnvelope(reply)
        .setStatus(ReadStatus.OK)
        .setRepo(repo)
        .setCandidates(candidates);
    if (!usage.isEmpty()) {
      result.setUsage(usage);
    }
    return result.build();
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

  /** The searched candidates; what the retriever model's calls cost is added to {@code usage}. */
  private List<Candidate> searched(RetrievalRequested query, RepoRef repo, String queryId,
      Optional<ModelStep> assist, List<ModelUsage> usage) throws Exception {
    String question = query.getQuestion();
    if (question == null || question.isBlank()) {
      throw new InvalidRequestException("question", "is required for " + query.getAction().name().toLowerCase());
    }
    int max = query.getMaxCandidates() <= 0 ? DEFAULT_CANDIDATES : Math.min(query.getMaxCandidates(), MAX_CANDIDATES);
    CommitIndex index = indexes.open(repo, reader);
    List<SearchHit> hits;
    if (assist.isPresent()) {
      AssistedSearch.Result assisted = AssistedSearch.search(assisted(index), question, max, assist.get());
      hits = assisted.hits();
      usage.addAll(assisted.usage());
    } else {
      hits = searcher.search(index, question, max, SearchMode.HYBRID).hits();
    }
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

  /** The commit's index as the assisted search uses it: the same hybrid search. */
  private AssistedSearch.Index assisted(CommitIndex index) {
    return new AssistedSearch.Index() {
      @Override
      public List<SearchHit> search(String text, int maxHits) throws IOException {
        return searcher.search(index, text, maxHits, SearchMode.HYBRID).hits();
      }

      @Override
      public List<String> mentioned(List<String> words) throws IOException {
        return searcher.mentioned(index, words);
      }
    };
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
