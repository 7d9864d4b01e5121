package dev.orkestra.verifier;

import dev.orkestra.events.common.RepoRef;
import dev.orkestra.runtime.source.FileBlob;
import dev.orkestra.runtime.source.FileEntry;
import dev.orkestra.runtime.source.GitHubSource;
import dev.orkestra.runtime.source.RoutingSourceReader;
import dev.orkestra.runtime.source.SourceException;

/**
 * The verifier's own read, independent of the extractor's: its own reader instance (own clone
 * directory, own GitHub client, nothing shared), and on GitHub another API — the blob SHA from the
 * git trees API at the commit, then the blob by that SHA from the git data API — where the
 * extractor used the contents API. Local repositories are read through the verifier's own JGit
 * reader (own open repository and object cache), which resolves the path in the commit's tree,
 * opens the blob by its id and re-hashes the content against that id. What it shares with the
 * extractor there is the object database on disk — docs/sources.md says what that means.
 */
public final class IndependentReader implements AutoCloseable {

  /** What was read and how. */
  record Read(FileBlob blob, String via) {}

  private final RoutingSourceReader reader;

  public IndependentReader(RoutingSourceReader reader) {
    this.reader = reader;
  }

  Read read(RepoRef repo, String path) throws SourceException {
    if (repo.getKind() == null) {
      throw SourceException.invalid("repo", "repository kind is missing");
    }
    return switch (repo.getKind()) {
      // Same .git as the extractor's read, so the blob is re-hashed: the bytes compared are the
      // ones git names by that SHA, not whatever this object database happened to return.
      case LOCAL -> new Read(reader.local().read(repo, path).verified(), reader.local().via());
      case GITHUB -> {
        GitHubSource github = reader.github();
        FileEntry entry = github.entryAt(repo, path);
        yield new Read(github.readBlob(repo, entry), GitHubSource.BLOB_VIA);
      }
    };
  }

  /** How {@code repo} is read, for results whose read failed. */
  String via(RepoRef repo) {
    return repo.getKind() == dev.orkestra.events.common.RepoKind.GITHUB ? GitHubSource.BLOB_VIA : reader.local().via();
  }

  @Override
  public void close() {
    reader.close();
  }
}
