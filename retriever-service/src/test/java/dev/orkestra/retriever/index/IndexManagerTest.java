package dev.orkestra.retriever.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orkestra.events.common.RepoRef;
import dev.orkestra.retriever.fixtures.DemoRepo;
import dev.orkestra.retriever.fixtures.TestEmbedders;
import dev.orkestra.retriever.search.HybridSearcher;
import dev.orkestra.retriever.search.RelevanceGate;
import dev.orkestra.retriever.search.SearchHit;
import dev.orkestra.retriever.search.SearchMode;
import dev.orkestra.runtime.source.FileBlob;
import dev.orkestra.runtime.source.FileEntry;
import dev.orkestra.runtime.source.GitRepoBuilder;
import dev.orkestra.runtime.source.LocalGitSource;
import dev.orkestra.runtime.source.ResolvedRef;
import dev.orkestra.runtime.source.SourceException;
import dev.orkestra.runtime.source.SourceLimits;
import dev.orkestra.runtime.source.SourcePolicy;
import dev.orkestra.runtime.source.SourceReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Indexes a real git repository with the real embedding model, then searches, reopens and updates it. */
class IndexManagerTest {

  @TempDir
  Path temp;

  private GitRepoBuilder repo;
  private String firstCommit;
  private LocalGitSource reader;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void createRepository() {
    repo = DemoRepo.build(temp.resolve("repo"));
    firstCommit = repo.commit("first");
    reader = new LocalGitSource(temp.resolve("clones"), SourceLimits.DEFAULT, SourcePolicy.localRoots(temp));
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    reader.close();
    repo.close();
  }

  private IndexManager manager(TestEmbedders.Counting embedder, IndexProgressListener listener) {
    IndexManager manager = new IndexManager(temp.resolve("index"), embedder, listener);
    toClose.add(manager);
    return manager;
  }

  private RepoRef at(String commit) {
    return DemoRepo.at(repo.dir(), commit);
  }

  private static List<SearchHit> search(CommitIndex index, String question) throws Exception {
    return new HybridSearcher(TestEmbedders.shared(), RelevanceGate.DEFAULT)
        .search(index, question, 10, SearchMode.HYBRID).hits();
  }

  @Test
  void whereIsAuthenticationImplementedRanksTheAuthModuleFirst() throws Exception {
    CommitIndex index = manager(new TestEmbedders.Counting(), IndexProgressListener.NONE).open(at(firstCommit), reader);

    List<SearchHit> hits = search(index, "Where is authentication implemented?");

    assertThat(hits).isNotEmpty();
    assertThat(hits.getFirst().path()).isEqualTo("backend/auth.py");
    assertThat(hits.getFirst().blobSha()).isEqualTo(GitRepoBuilder.blobSha(DemoRepo.AUTH));
    assertThat(hits).allSatisfy(hit -> {
      assertThat(hit.score()).isBetween(0.0, 1.0).isPositive();
      assertThat(hit.startLine()).isPositive().isLessThanOrEqualTo(hit.endLine());
      assertThat(hit.matchedBy()).isIn("hybrid", "bm25", "embedding");
    });
    assertThat(hits).extracting(SearchHit::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
  }

  @Test
  void questionsTheRepositoryCannotAnswerYieldNoCandidates() throws Exception {
    CommitIndex index = manager(new TestEmbedders.Counting(), IndexProgressListener.NONE).open(at(firstCommit), reader);

    assertThat(search(index, "How are invoices exported to PDF?")).isEmpty();
    assertThat(search(index, "Where are Kafka consumer offsets committed?")).isEmpty();
    assertThat(search(index, "Which GraphQL resolvers load the shopping cart?")).isEmpty();
  }

  @Test
  void vendoredTreesAndBinariesAreNotIndexed() throws Exception {
    CommitIndex index = manager(new TestEmbedders.Counting(), IndexProgressListener.NONE).open(at(firstCommit), reader);

    assertThat(index.fileCount()).isEqualTo(DemoRepo.INDEXABLE_FILES);
    assertThat(new HybridSearcher(TestEmbedders.shared(), RelevanceGate.OPEN)
        .search(index, "vendored authentication library authenticate user password", 50, SearchMode.HYBRID).hits())
        .extracting(SearchHit::path).doesNotContain("node_modules/auth-lib/index.js", "assets/logo.png");
  }

  @Test
  void reopeningReusesTheIndexOnDiskWithoutEmbeddingAgain() throws Exception {
    TestEmbedders.Counting firstEmbedder = new TestEmbedders.Counting();
    IndexManager first = manager(firstEmbedder, IndexProgressListener.NONE);
    IndexReport built = first.open(at(firstCommit), reader).report();
    first.close();
    assertThat(built.reused()).isFalse();
    assertThat(built.chunksEmbedded()).isPositive().isEqualTo((int) firstEmbedder.chunksEmbedded());

    TestEmbedders.Counting secondEmbedder = new TestEmbedders.Counting();
    CommitIndex reopened = manager(secondEmbedder, IndexProgressListener.NONE).open(at(firstCommit), reader);

    assertThat(reopened.report().reused()).isTrue();
    assertThat(secondEmbedder.chunksEmbedded()).isZero();
    assertThat(search(reopened, "Where is authentication implemented?").getFirst().path()).isEqualTo("backend/auth.py");
  }

  @Test
  void aNewCommitReadsAndEmbedsOnlyTheChangedFile() throws Exception {
    TestEmbedders.Counting embedder = new TestEmbedders.Counting();
    IndexManager manager = manager(embedder, IndexProgressListener.NONE);
    manager.open(at(firstCommit), reader);
    long afterFirst = embedder.chunksEmbedded();
    String changedAuth = DemoRepo.AUTH + """


        def rotate_session(token):
            \"\"\"Replaces a session token with a fresh one, keeping the user signed in.\"\"\"
            user_id = SESSIONS.pop(token)
            fresh = secrets.token_urlsafe(32)
            SESSIONS[fresh] = user_id
            return fresh
        """;
    String second = repo.file("backend/auth.py", changedAuth).commit("rotate sessions");

    IndexReport report = manager.open(at(second), reader).report();

    assertThat(report.reused()).isFalse();
    assertThat(report.filesIndexed()).isEqualTo(1);
    assertThat(report.filesUnchanged()).isEqualTo(DemoRepo.INDEXABLE_FILES - 1);
    // Only auth.py's chunks were candidates for embedding, and its unchanged chunks kept theirs.
    int authChunks = new dev.orkestra.retriever.chunk.Chunker().chunk("backend/auth.py", changedAuth).size();
    assertThat(report.chunksEmbedded()).isPositive().isLessThanOrEqualTo(authChunks);
    assertThat(report.chunksEmbedded() + report.embeddingsReused()).isEqualTo(authChunks);
    assertThat(embedder.chunksEmbedded() - afterFirst).isEqualTo(report.chunksEmbedded());

    List<SearchHit> hits = search(manager.open(at(second), reader), "Where is the session token rotated?");
    assertThat(hits.getFirst().path()).isEqualTo("backend/auth.py");
    assertThat(hits.getFirst().blobSha()).isEqualTo(GitRepoBuilder.blobSha(changedAuth));
  }

  @Test
  void fileVersionsNoRetainedCommitHasAnyMoreAreDropped() throws Exception {
    IndexManager manager = manager(new TestEmbedders.Counting(), IndexProgressListener.NONE);
    manager.open(at(firstCommit), reader);
    String withoutDeployDocs = repo.delete("docs/deploy.md").commit("drop deploy docs");
    CommitIndex second = manager.open(at(withoutDeployDocs), reader);
    assertThat(second.fileCount()).isEqualTo(DemoRepo.INDEXABLE_FILES - 1);
    assertThat(second.report().filesDropped()).as("the first commit still has it").isZero();

    List<IndexReport> later = new ArrayList<>();
    for (int i = 0; i < RepoIndex.RETAINED_COMMITS; i++) {
      String sha = repo.file("notes/n" + i + ".md", "# Note " + i + "\n\nNothing here.\n").commit("note " + i);
      later.add(manager.open(at(sha), reader).report());
    }

    // Retained: the last three commits used. deploy.md went with the first commit's eviction.
    assertThat(later).extracting(IndexReport::filesDropped).containsExactly(0, 1, 0);
    assertThat(new HybridSearcher(TestEmbedders.shared(), RelevanceGate.OPEN)
        .search(second, "How is the backend deployed and scaled behind a reverse proxy?", 50, SearchMode.HYBRID)
        .hits()).extracting(SearchHit::path).doesNotContain("docs/deploy.md");
  }

  @Test
  void concurrentQueriesForOneCommitShareOneIndexingRun() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger listings = new AtomicInteger();
    SourceReader slowReader = new SourceReader() {
      @Override
      public ResolvedRef resolve(RepoRef r) throws SourceException {
        return reader.resolve(r);
      }

      @Override
      public FileBlob read(RepoRef r, String path) throws SourceException {
        return reader.read(r, path);
      }

      @Override
      public List<FileEntry> list(RepoRef r) throws SourceException {
        listings.incrementAndGet();
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return reader.list(r);
      }

      @Override
      public String url(RepoRef r, String path, Integer startLine, Integer endLine) {
        return reader.url(r, path, startLine, endLine);
      }

      @Override
      public String via() {
        return "slow";
      }
    };
    TestEmbedders.Counting embedder = new TestEmbedders.Counting();
    IndexManager manager = manager(embedder, IndexProgressListener.NONE);
    List<CommitIndex> opened = new CopyOnWriteArrayList<>();
    List<Thread> queries = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      queries.add(Thread.ofPlatform().start(() -> {
        try {
          opened.add(manager.open(at(firstCommit), slowReader));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    await().atMost(Duration.ofSeconds(30))
        .until(() -> queries.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
    release.countDown();
    for (Thread query : queries) {
      query.join(Duration.ofSeconds(60));
    }

    assertThat(opened).hasSize(4).allSatisfy(index -> assertThat(index).isSameAs(opened.getFirst()));
    assertThat(listings.get()).isEqualTo(1);
    assertThat(embedder.chunksEmbedded()).isEqualTo(opened.getFirst().report().chunksEmbedded());
  }

  @Test
  void progressIsReportedFromStartToFinish() throws Exception {
    List<IndexProgress> progress = new CopyOnWriteArrayList<>();
    List<IndexReport> finished = new CopyOnWriteArrayList<>();
    IndexProgressListener listener = new IndexProgressListener() {
      @Override
      public void started(IndexProgress p) {
        progress.add(p);
      }

      @Override
      public void progressed(IndexProgress p) {
        progress.add(p);
      }

      @Override
      public void finished(IndexReport report) {
        finished.add(report);
      }
    };

    manager(new TestEmbedders.Counting(), listener).open(at(firstCommit), reader);

    assertThat(progress.getFirst().filesDone()).isZero();
    assertThat(progress.getFirst().filesTotal()).isEqualTo(DemoRepo.INDEXABLE_FILES);
    assertThat(progress.getLast().filesDone()).isEqualTo(DemoRepo.INDEXABLE_FILES);
    assertThat(progress.getLast().chunksEmbedded()).isPositive();
    assertThat(progress).extracting(IndexProgress::filesDone).isSorted();
    assertThat(finished).singleElement().satisfies(report -> {
      assertThat(report.filesIndexed()).isEqualTo(DemoRepo.INDEXABLE_FILES);
      assertThat(report.chunksAdded()).isEqualTo(report.chunksEmbedded());
      assertThat(report.commitSha()).isEqualTo(firstCommit);
    });
  }
}
