package dev.orkestra.runtime.source;

import dev.orkestra.runtime.ServiceContext;
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
   * The reader of the service {@code role}: state under {@code <data>/<role>}, what it may read
   * from the context's {@code orkestra.sources.*} settings ({@link SourcePolicy}), the token and
   * endpoint from its environment.
   */
  public static RoutingSourceReader forService(ServiceContext context, String role) {
    return create(context.dataDirFor(role), SourceLimits.DEFAULT, SourcePolicy.from(context), context.environment());
  }

  /**
   * @param stateDir the service's state directory; clone URLs are mirrored under {@code git-clones/}
   * @param policy which local roots, clone hosts and token repositories the reader may use
   * @param env environment lookup: {@code GITHUB_TOKEN} (optional), {@code GITHUB_API_URL} (optional)
   */
  public static RoutingSourceReader create(Path stateDir, SourceLimits limits, SourcePolicy policy,
      Function<String, String> env) {
    return new RoutingSourceReader(new LocalGitSource(stateDir.resolve("git-clones"), limits, policy),
        GitHubSource.fromEnvironment(limits, policy, env));
  }
}
