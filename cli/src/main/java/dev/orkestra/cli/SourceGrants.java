package dev.orkestra.cli;

import dev.orkestra.events.common.RepoRef;
import dev.orkestra.runtime.source.SourcePolicy;
import dev.orkestra.runtime.source.SourceValidation;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * What the command line lets the services it starts read, on top of the {@code orkestra.sources.*}
 * settings ({@link SourcePolicy}): {@code up}'s {@code --repo-root}, {@code --clone-host} and
 * {@code --github-token-repo}, or the one repository a question command names when it starts the
 * system itself. The operator who types the command is the one who allows it.
 */
final class SourceGrants {

  @Option(names = "--repo-root", paramLabel = "DIR",
      description = "Allow local repositories under DIR (repeatable; adds to " + SourcePolicy.LOCAL_ROOTS + ").")
  List<Path> roots = new ArrayList<>();

  @Option(names = "--clone-host", paramLabel = "HOST",
      description = "Allow https:// clones from HOST (repeatable; adds to " + SourcePolicy.CLONE_HOSTS + ").")
  List<String> hosts = new ArrayList<>();

  @Option(names = "--github-token-repo", paramLabel = "OWNER/NAME",
      description = "Send GITHUB_TOKEN for OWNER/NAME, OWNER/* or * (repeatable; adds to "
          + SourcePolicy.GITHUB_TOKEN_REPOS + ").")
  List<String> tokenRepos = new ArrayList<>();

  /** The grant of a question command that starts its own system: exactly the repository it asks about. */
  static SourceGrants forRepository(RepoRef repo) {
    SourceGrants grants = new SourceGrants();
    switch (repo.getKind()) {
      case GITHUB -> grants.tokenRepos.add(repo.getRepo());
      case LOCAL -> {
        if (!SourceValidation.isCloneUrl(repo.getRepo())) {
          grants.roots.add(Path.of(repo.getRepo()));
        } else {
          URI url = URI.create(repo.getRepo());
          if ("file".equalsIgnoreCase(url.getScheme())) {
            grants.roots.add(Path.of(url));
          } else {
            grants.hosts.add(url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort());
          }
        }
      }
    }
    return grants;
  }

  /** The service settings with these grants added. */
  Map<String, String> applyTo(Map<String, String> settings) {
    return SourcePolicy.widened(settings, roots, hosts, tokenRepos);
  }

  /** One line for {@code up}'s output: what the services may read. */
  static String describe(SourcePolicy policy) {
    return "sources: local roots " + listed(policy.localRoots().stream().map(Path::toString).toList())
        + "; clone hosts " + listed(List.copyOf(policy.cloneHosts()))
        + "; GITHUB_TOKEN for " + listed(policy.githubTokenRepos());
  }

  private static String listed(List<String> values) {
    return values.isEmpty() ? "none" : String.join(", ", values);
  }
}
