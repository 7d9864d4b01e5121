package dev.orkestra.planner.context;

import dev.orkestra.events.common.RepoRef;

/**
 * A repository at one resolved commit: the reference every read of one request uses (so all of
 * them see the same content) and the files it holds (to check the paths a model names).
 */
public record RepositorySnapshot(RepoRef repo, RepositoryFiles files) {

  public String commitSha() {
    return repo.getCommitSha();
  }
}
