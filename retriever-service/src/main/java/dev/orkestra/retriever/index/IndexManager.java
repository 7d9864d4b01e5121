package dev.orkestra.retriever.index;

import dev.orkestra.events.common.RepoRef;
import dev.orkestra.retriever.embed.Embedder;
import dev.orkestra.runtime.source.SourceException;
import dev.orkestra.runtime.source.SourceReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's indexes, one per repository under {@code root/<repo-hash>/}, kept across restarts.
 *
 * <p>Indexing runs on this manager's own threads, not the caller's: a query that gives up (its
 * handler timed out, its thread was interrupted) leaves the run going, and the retry — or any other
 * query for the same (repository, commit) — joins the same run instead of starting another.
 */
public final class IndexManager implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IndexManager.class);

  private final Path root;
  private final Embedder embedder;
  private final IndexProgressListener listener;
  private final Map<String, RepoIndex> repos = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<CommitIndex>> running = new ConcurrentHashMap<>();
  private final ExecutorService indexing = Executors.newThreadPerTaskExecutor(
      Thread.ofPlatform().name("retriever-index-", 0).daemon(true).factory());
  private volatile boolean closed;

  public IndexManager(Path root, Embedder embedder, IndexProgressListener listener) {
    this.root = root;
    this.embedder = embedder;
    this.listener = listener;
  }

  public Embedder embedder() {
    return embedder;
  }

  /**
   * The index of {@code repo} at {@code repo.commitSha} (which must be resolved), indexing what it
   * lacks first. Concurrent calls for the same commit share one run.
   */
  public CommitIndex open(RepoRef repo, SourceReader reader)
      throws SourceException, IOException, InterruptedException {
    if (closed) {
      throw new IllegalStateException("index manager closed");
    }
    String sha = repo.getCommitSha();
    if (sha == null || sha.isBlank()) {
      throw new IllegalArgumentException("repo.commitSha must be resolved before indexing");
    }
    RepoIndex index = repoIndex(repo);
    CommitIndex done = index.view(sha);
    if (done != null) {
      return done;
    }
    String runKey = directoryName(repo) + "@" + sha;
    CompletableFuture<CommitIndex> run = running.computeIfAbsent(runKey, k -> {
      CompletableFuture<CommitIndex> future = new CompletableFuture<>();
      indexing.execute(() -> {
        try {
          future.complete(index.index(repo, reader, listener, () -> closed));
        } catch (Throwable t) {
          future.completeExceptionally(t);
        } finally {
          running.remove(k);
        }
      });
      return future;
    });
    try {
      return run.get();
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  /** Where {@code repo}'s index lives. */
  public Path directoryOf(RepoRef repo) {
    return root.resolve(directoryName(repo));
  }

  /** A stable directory name per repository: a hash, because a repository may be a path or an URL. */
  static String directoryName(RepoRef repo) {
    return RepoIndex.sha256(repo.getKind() + ":" + repo.getRepo()).substring(0, 20);
  }

  private RepoIndex repoIndex(RepoRef repo) throws IOException {
    try {
      return repos.computeIfAbsent(directoryName(repo), name -> {
        try {
          return RepoIndex.open(root.resolve(name), displayName(repo), embedder);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The repository as logs may show it: credentials in a clone URL are masked. */
  static String displayName(RepoRef repo) {
    return repo.getRepo().replaceAll("//[^/@]+@", "//***@");
  }

  /** Throws the run's failure as what it is; returns only an IOException wrapping anything unexpected. */
  private static IOException rethrow(Throwable cause) throws SourceException, IOException {
    if (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof SourceException e) {
      throw e;
    }
    if (cause instanceof IOException e) {
      throw e;
    }
    if (cause instanceof RuntimeException e) {
      throw e;
    }
    if (cause instanceof Error e) {
      throw e;
    }
    return new IOException(cause);
  }

  @Override
  public void close() {
    closed = true;
    indexing.shutdown();
    try {
      if (!indexing.awaitTermination(30, TimeUnit.SECONDS)) {
        log.warn("indexing still running after 30 s; closing indexes anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (RepoIndex index : repos.values()) {
      try {
        index.close();
      } catch (IOException e) {
        log.warn("closing index of {} failed: {}", index.repoName(), e.getMessage());
      }
    }
    repos.clear();
  }
}
