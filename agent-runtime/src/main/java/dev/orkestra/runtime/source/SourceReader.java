package dev.orkestra.runtime.source;

import dev.orkestra.events.common.RepoRef;
import java.util.List;

/**
 * Read-only access to a repository at a commit: the one interface behind local git (JGit) and
 * GitHub. Every method except {@link #resolve} reads at {@code repo.commitSha}, which must be set:
 * a ref is resolved once, at the start of a query, and every later stage reads that commit.
 *
 * <p>Implementations hold no cache shared with other instances: the verifier's independence from
 * the extractor rests on each owning its own reader.
 */
public interface SourceReader extends AutoCloseable {

  /** Resolves {@code repo.ref} (null = the default branch) to a full commit SHA. */
  ResolvedRef resolve(RepoRef repo) throws SourceException;

  /** The file's bytes and blob SHA at the commit; fails NOT_FOUND, NOT_TEXT or TOO_LARGE as the case may be. */
  FileBlob read(RepoRef repo, String path) throws SourceException;

  /** Every file at the commit, with blob SHA and size: what an index needs to know what changed. */
  List<FileEntry> list(RepoRef repo) throws SourceException;

  /** A link a person can open for the path (and lines) at the commit. */
  String url(RepoRef repo, String path, Integer startLine, Integer endLine);

  /** How this reader reads, e.g. {@code jgit} or {@code github-api}; recorded as {@code readVia}. */
  String via();

  /** How {@code repo} is read by this reader; differs from {@link #via()} only for readers that route by kind. */
  default String via(RepoRef repo) {
    return via();
  }

  @Override
  default void close() {}
}
