package dev.orkestra.retriever;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Candidate;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.ReadStatus;
import dev.orkestra.events.query.RetrievalCompleted;
import dev.orkestra.events.query.RetrievalRequested;
import dev.orkestra.retriever.fixtures.DemoRepo;
import dev.orkestra.retriever.fixtures.TestEmbedders;
import dev.orkestra.retriever.index.IndexManager;
import dev.orkestra.retriever.index.IndexProgressListener;
import dev.orkestra.retriever.search.HybridSearcher;
import dev.orkestra.retriever.search.RelevanceGate;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.runtime.InvalidRequestException;
import dev.orkestra.runtime.TransientFailureException;
import dev.orkestra.runtime.source.FileBlob;
import dev.orkestra.runtime.source.FileEntry;
import dev.orkestra.runtime.source.GitRepoBuilder;
import dev.orkestra.runtime.source.LocalGitSource;
import dev.orkestra.runtime.source.ResolvedRef;
import dev.orkestra.runtime.source.SourceException;
import dev.orkestra.runtime.source.SourceException.Kind;
import dev.orkestra.runtime.source.SourceLimits;
import dev.orkestra.runtime.source.SourcePolicy;
import dev.orkestra.runtime.source.SourceReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetrieverHandlerTest {

  @TempDir
  Path temp;

  private GitRepoBuilder repo;
  private String head;
  private LocalGitSource reader;
  private IndexManager indexes;
  private RetrieverHandler handler;

  @BeforeEach
  void setUp() {
    repo = DemoRepo.build(temp.resolve("repo"));
    head = repo.commit("first");
    reader = new LocalGitSource(temp.resolve("clones"), SourceLimits.DEFAULT, SourcePolicy.localRoots(temp));
    indexes = new IndexManager(temp.resolve("index"), TestEmbedders.shared(), IndexProgressListener.NONE);
    handler = handlerWith(reader);
  }

  @AfterEach
  void tearDown() {
    indexes.close();
    reader.close();
    repo.close();
  }

  private RetrieverHandler handlerWith(SourceReader sourceReader) {
    return new RetrieverHandler(sourceReader, indexes,
        new HybridSearcher(TestEmbedders.shared(), RelevanceGate.DEFAULT));
  }

  private RetrievalRequested.Builder request(QueryAction action) {
    return RetrievalRequested.newBuilder()
        .setEnvelope(Envelopes.start("q42", "test"))
        .setAction(action)
        .setRepo(RepoRef.newBuilder().setKind(RepoKind.LOCAL).setRepo(repo.dir().toString()).build());
  }

  private RetrievalCompleted retrieve(RetrievalRequested request) throws Exception {
    return handler.retrieve(request, reply(request));
  }

  private static Envelope reply(RetrievalRequested request) {
    return Envelopes.reply(request.getEnvelope(), "retriever@test");
  }

  @Test
  void getLinesPassesTheRangeThroughAsTheOnlyCandidate() throws Exception {
    RetrievalCompleted result = retrieve(request(QueryAction.GET_LINES).setPath("backend/server.py")
        .setStartLine(45).setEndLine(60).build());

    assertThat(result.getStatus()).isEqualTo(ReadStatus.OK);
    assertThat(result.getRepo().getCommitSha()).isEqualTo(head);
    assertThat(result.getRepo().getRef()).isEqualTo("main");
    assertThat(result.getCandidates()).singleElement().satisfies(c -> {
      assertThat(c.getCandidateId()).isEqualTo("q42-c1");
      assertThat(c.getPath()).isEqualTo("backend/server.py");
      assertThat(c.getStartLine()).isEqualTo(45);
      assertThat(c.getEndLine()).isEqualTo(60);
      assertThat(c.getScore()).isEqualTo(1.0);
      assertThat(c.getMatchedBy()).isEqualTo("request");
    });
  }

  @Test
  void getFileNamesTheWholeFileAndLeavesExistenceToTheExtractor() throws Exception {
    RetrievalCompleted result = retrieve(request(QueryAction.GET_FILE).setPath("nonexistent/file.js")
        .setStartLine(3).setEndLine(4).build());

    assertThat(result.getStatus()).isEqualTo(ReadStatus.OK);
    assertThat(result.getCandidates()).singleElement().satisfies(c -> {
      assertThat(c.getPath()).isEqualTo("nonexistent/file.js");
      assertThat(c.getStartLine()).isNull();
      assertThat(c.getEndLine()).isNull();
    });
  }

  @Test
  void badPathsAndRangesAreInvalidRequestsNamingTheField() {
    assertThatThrownBy(() -> retrieve(request(QueryAction.GET_FILE).setPath("../etc/passwd").build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("path"));
    assertThatThrownBy(() -> retrieve(request(QueryAction.GET_FILE).build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("path"));
    assertThatThrownBy(() -> retrieve(request(QueryAction.GET_LINES).setPath("README.md").setStartLine(5).build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("endLine"));
    assertThatThrownBy(() -> retrieve(request(QueryAction.GET_LINES).setPath("README.md").setStartLine(0)
        .setEndLine(3).build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("startLine"));
    assertThatThrownBy(() -> retrieve(request(QueryAction.FIND).setQuestion("  ").build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("question"));
  }

  @Test
  void findReturnsRankedChunksOfTheResolvedCommit() throws Exception {
    RetrievalCompleted result = retrieve(request(QueryAction.FIND).setQuestion("Where is authentication implemented?")
        .setMaxCandidates(3).build());

    assertThat(result.getStatus()).isEqualTo(ReadStatus.OK);
    assertThat(result.getRepo().getCommitSha()).isEqualTo(head);
    List<Candidate> candidates = result.getCandidates();
    assertThat(candidates).isNotEmpty().hasSizeLessThanOrEqualTo(3);
    assertThat(candidates).extracting(Candidate::getCandidateId).startsWith("q42-c1");
    Candidate first = candidates.getFirst();
    assertThat(first.getPath()).isEqualTo("backend/auth.py");
    assertThat(first.getBlobSha()).isEqualTo(GitRepoBuilder.blobSha(DemoRepo.AUTH));
    assertThat(first.getChunkId()).startsWith(first.getBlobSha().substring(0, 12) + ":");
    assertThat(first.getStartLine()).isPositive();
    assertThat(first.getEndLine()).isGreaterThanOrEqualTo(first.getStartLine());
    assertThat(first.getScore()).isPositive().isLessThanOrEqualTo(1.0);
  }

  @Test
  void findAnswersAQuestionTheRepositoryCannotAnswerWithNoCandidates() throws Exception {
    RetrievalCompleted result = retrieve(request(QueryAction.EXPLAIN).setQuestion("How are invoices exported to PDF?")
        .build());

    assertThat(result.getStatus()).isEqualTo(ReadStatus.OK);
    assertThat(result.getCandidates()).isEmpty();
    assertThat(result.getRepo().getCommitSha()).isEqualTo(head);
  }

  @Test
  void aMissingRepositoryOrRefIsNotFoundWithTheReason() throws Exception {
    RetrievalRequested missingRepo = request(QueryAction.FIND).setQuestion("anything")
        .setRepo(RepoRef.newBuilder().setRepo(temp.resolve("nowhere").toString()).build()).build();
    RetrievalCompleted noRepo = retrieve(missingRepo);
    assertThat(noRepo.getStatus()).isEqualTo(ReadStatus.NOT_FOUND);
    assertThat(noRepo.getFailureReason()).startsWith("no git repository at");
    assertThat(noRepo.getCandidates()).isEmpty();

    RetrievalRequested missingRef = request(QueryAction.GET_FILE).setPath("README.md")
        .setRepo(RepoRef.newBuilder().setRepo(repo.dir().toString()).setRef("release-9").build()).build();
    RetrievalCompleted noRef = retrieve(missingRef);
    assertThat(noRef.getStatus()).isEqualTo(ReadStatus.NOT_FOUND);
    assertThat(noRef.getFailureReason()).contains("ref 'release-9' not found");
  }

  @Test
  void resolveFailuresMapToStatusesInvalidRequestsOrRetries() throws Exception {
    RetrievalRequested find = request(QueryAction.FIND).setQuestion("Where is authentication implemented?").build();

    RetrievalCompleted denied = handlerWith(failing(new SourceException(Kind.ACCESS_DENIED,
        "access denied or requires authentication"))).retrieve(find, reply(find));
    assertThat(denied.getStatus()).isEqualTo(ReadStatus.ACCESS_DENIED);
    assertThat(denied.getFailureReason()).isEqualTo("access denied or requires authentication");

    RetrievalCompleted limited = handlerWith(failing(new SourceException(Kind.RATE_LIMITED,
        "GitHub API rate limit exceeded. Resets at 2026-01-01T12:00:00Z"))).retrieve(find, reply(find));
    assertThat(limited.getStatus()).isEqualTo(ReadStatus.RATE_LIMITED);
    assertThat(limited.getFailureReason()).contains("Resets at");

    assertThatThrownBy(() -> handlerWith(failing(SourceException.invalid("ref", "not a valid branch")))
        .retrieve(find, reply(find)))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("ref"));
    assertThatThrownBy(() -> handlerWith(failing(new SourceException(Kind.FAILED, "connection reset")))
        .retrieve(find, reply(find)))
        .isInstanceOf(TransientFailureException.class).hasMessage("connection reset");
    assertThatThrownBy(() -> handlerWith(failing(new SourceException(Kind.TIMEOUT, "timed out after 20 s")))
        .retrieve(find, reply(find)))
        .isInstanceOf(TransientFailureException.class);
  }

  @Test
  void aPinnedCommitIsAnsweredThereNotAtTheBranchHead() throws Exception {
    String newer = repo.file("backend/server.py", "# rewritten\n").commit("second");
    RetrievalRequested pinned = request(QueryAction.GET_FILE).setPath("backend/server.py")
        .setRepo(RepoRef.newBuilder().setKind(RepoKind.LOCAL).setRepo(repo.dir().toString()).setRef("main")
            .setCommitSha(head.substring(0, 12)).build()).build();

    RetrievalCompleted result = retrieve(pinned);

    assertThat(newer).isNotEqualTo(head);
    assertThat(result.getStatus()).isEqualTo(ReadStatus.OK);
    assertThat(result.getRepo().getCommitSha()).isEqualTo(head);
    assertThat(result.getRepo().getRef()).isEqualTo("main");
    RetrievalCompleted unpinned = retrieve(request(QueryAction.GET_FILE).setPath("backend/server.py").build());
    assertThat(unpinned.getRepo().getCommitSha()).isEqualTo(newer);

    RetrievalCompleted unknown = retrieve(RetrievalRequested.newBuilder(pinned).setRepo(RepoRef.newBuilder(pinned.getRepo())
        .setCommitSha("0123456789abcdef0123456789abcdef01234567").build()).build());
    assertThat(unknown.getStatus()).isEqualTo(ReadStatus.NOT_FOUND);
    assertThat(unknown.getFailureReason())
        .isEqualTo("commit 0123456789abcdef0123456789abcdef01234567 not found in repository " + repo.dir());
  }

  @Test
  void aRepositoryOutsideTheAllowedRootsIsAnInvalidRequestNamingTheRule() throws Exception {
    try (LocalGitSource confined = new LocalGitSource(temp.resolve("clones"), SourceLimits.DEFAULT,
        SourcePolicy.localRoots(temp.resolve("elsewhere")))) {
      RetrievalRequested find = request(QueryAction.FIND).setQuestion("Where is authentication implemented?").build();
      Path canonical = repo.dir().toRealPath();

      assertThatThrownBy(() -> handlerWith(confined).retrieve(find, reply(find)))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.field()).isEqualTo("repo");
            assertThat(e.getMessage()).isEqualTo("invalid repo: local repository '" + canonical
                + "' is outside the allowed roots (orkestra.sources.local.roots); allow it with"
                + " `orkestra up --repo-root DIR` or ORKESTRA_SOURCES_LOCAL_ROOTS");
          });
    }
  }

  @Test
  void anInvalidRefFromTheRealReaderIsAnInvalidRequest() {
    RetrievalRequested badRef = request(QueryAction.FIND).setQuestion("x")
        .setRepo(RepoRef.newBuilder().setRepo(repo.dir().toString()).setRef("main..evil").build()).build();

    assertThatThrownBy(() -> retrieve(badRef))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("ref"));
  }

  /** A reader whose every call fails with {@code failure}. */
  private static SourceReader failing(SourceException failure) {
    return new SourceReader() {
      @Override
      public ResolvedRef resolve(RepoRef repo) throws SourceException {
        throw failure;
      }

      @Override
      public FileBlob read(RepoRef repo, String path) throws SourceException {
        throw failure;
      }

      @Override
      public List<FileEntry> list(RepoRef repo) throws SourceException {
        throw failure;
      }

      @Override
      public String url(RepoRef repo, String path, Integer startLine, Integer endLine) {
        return "";
      }

      @Override
      public String via() {
        return "failing";
      }
    };
  }
}
