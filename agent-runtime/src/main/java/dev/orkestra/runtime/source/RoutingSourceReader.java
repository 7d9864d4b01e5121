package dev.orkestra.runtime.source;

import dev.orkestra.events.common.RepoRef;
import java.util.List;

/** Sends each call to the reader for the repository's kind: LOCAL to JGit, GITHUB to the GitHub API. */
public final class RoutingSourceReader implements SourceReader {

  private final LocalGitSource local;
  private final GitHubSource github;

  public RoutingSourceReader(LocalGitSource local, GitHubSource github) {
    this.local = local;
    this.github = github;
  }

  public LocalGitSource local() {
    return local;
  }

  public GitHubSource github() {
    return github;
  }

  /** The reader that handles {@code repo}. */
  public SourceReader readerFor(RepoRef repo) throws SourceException {
    if (repo == null || repo.getKind() == null) {
      throw SourceException.invalid("repo", "repository kind is missing");
    }
    return switch (repo.getKind()) {
      case LOCAL -> local;
      case GITHUB -> github;
    };
  }

  @Override
  public ResolvedRef resolve(RepoRef repo) throws SourceException {
    return readerFor(repo).resolve(repo);
  }

  @Override
  public FileBlob read(RepoRef repo, String path) throws SourceException {
    return readerFor(repo).read(repo, path);
  }

  @Override
  public List<FileEntry> list(RepoRef repo) throws SourceException {
    return readerFor(repo).list(repo);
  }

  @Override
  public String url(RepoRef repo, String path, Integer startLine, Integer endLine) {
    return switch (repo.getKind()) {
      case LOCAL -> local.url(repo, path, startLine, endLine);
      case GITHUB -> github.url(repo, path, startLine, endLine);
    };
  }

  /** Both ways this reader can read; {@link #via(RepoRef)} says which one a repository uses. */
  @Override
  public String via() {
    return local.via() + "," + github.via();
  }

  @Override
  public String via(RepoRef repo) {
    return switch (repo.getKind()) {
      case LOCAL -> local.via();
      case GITHUB -> github.via();
    };
  }

  @Override
  public void close() {
    local.close();
    github.close();
  }
}
