package dev.orkestra.runtime.source;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * Builds a service's own reader. Every service calls this with its own state directory, so no two
 * services share a clone, an open repository or a GitHub client: the verifier's read stays
 * independent of the extractor's even when both run in one JVM.
 */
public final class SourceReaders {

  private SourceReaders() {}

  /**
   * @param stateDir the service's state directory; clone URLs are mirrored under {@code git-clones/}
   * @param env environment lookup: {@code GITHUB_TOKEN} (optional), {@code GITHUB_API_URL} (optional)
   */
  public static RoutingSourceReader create(Path stateDir, SourceLimits limits, Function<String, String> env) {
    return new RoutingSourceReader(new LocalGitSource(stateDir.resolve("git-clones"), limits),
        GitHubSource.fromEnvironment(limits, env));
  }
}
