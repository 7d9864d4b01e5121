package dev.orkestra.runtime.workspace;

import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.source.LocalGitSource;
import dev.orkestra.runtime.source.SourceException;
import dev.orkestra.runtime.source.SourceLimits;
import dev.orkestra.runtime.source.SourcePolicy;
import dev.orkestra.runtime.source.SourceValidation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Clean work trees of a task's repository, for the roles that change it (implementer) or build it
 * (quality gate). Each {@link #checkout} is a new directory at one commit, so two requests never
 * see each other's files, and a crashed request leaves nothing the next one reads.
 *
 * <p>What may be opened is {@link SourcePolicy}'s, exactly as for the query roles: a local
 * repository under the allowed roots, or a clone URL from an allowed host (mirrored bare under
 * {@code <dir>/mirrors}, fetched on every checkout, within the clone-size cap). A work tree is
 * {@code git clone --shared} of that repository: its objects are borrowed through
 * {@code objects/info/alternates}, so a checkout costs the files it writes, not a copy of the
 * history. Work trees live under {@code <dir>/trees} and are deleted on {@link Workspace#close()};
 * ones a killed process left behind are deleted when the next instance starts.
 */
public final class Workspaces {

  /** The only branches the task roles write: never a base branch (seed 002: all work in feature branches). */
  public static final String BRANCH_PREFIX = "orkestra/";
  /** Token for pushing task branches to an https remote; only hosts the policy allows are ever pushed to. */
  public static final String TOKEN_ENV = "ORKESTRA_GIT_TOKEN";
  /** User name sent with the token (GitHub and GitLab accept any; Bitbucket wants the account's). */
  public static final String USER_ENV = "ORKESTRA_GIT_USER";

  private static final Duration LEFTOVER_AGE = Duration.ofHours(1);

  private final Path trees;
  private final LocalGitSource repositories;
  private final PushCredentials credentials;
  private final Duration gitTimeout;

  /** @param environment where the push token is looked up (the process environment, or a test's map) */
  public Workspaces(Path dir, SourcePolicy policy, SourceLimits limits, Function<String, String> environment) {
    this.trees = dir.resolve("trees");
    this.repositories = new LocalGitSource(dir.resolve("mirrors"), limits, policy);
    this.credentials = PushCredentials.from(environment.apply(USER_ENV), environment.apply(TOKEN_ENV));
    this.gitTimeout = limits.callTimeout();
    deleteLeftovers();
  }

  /** A service's workspaces under its data directory, with the deployment's source policy and push token. */
  public static Workspaces from(ServiceContext context, String service) {
    return new Workspaces(context.dataDirFor(service).resolve("workspaces"), SourcePolicy.from(context),
        SourceLimits.DEFAULT, context.environment());
  }

  /**
   * A new work tree of {@code repo} at {@code commit} (detached: the caller names the branch when it
   * {@link Workspace#publish publishes}). The commit must be reachable in the repository — the base
   * of a task, or a step's commit on its task branch.
   */
  public Workspace checkout(String repo, String commit) throws SourceException {
    SourceValidation.commitSha(commit, "commit");
    Repository origin = repositories.repository(repo, SourceValidation.isCloneUrl(repo));
    try (RevWalk walk = new RevWalk(origin)) {
      if (!origin.getObjectDatabase().has(ObjectId.fromString(commit))) {
        throw new SourceException(SourceException.Kind.NOT_FOUND,
            "commit " + commit + " not found in repository " + SourceValidation.redacted(repo), "commit", null, null);
      }
      walk.parseCommit(ObjectId.fromString(commit));
    } catch (IOException e) {
      throw new SourceException(SourceException.Kind.NOT_FOUND,
          "commit " + commit + " is not a commit in repository " + SourceValidation.redacted(repo), "commit", null, e);
    }
    Path dir;
    try {
      Files.createDirectories(trees);
      dir = Files.createTempDirectory(trees, "wt-");
    } catch (IOException e) {
      throw new SourceException(SourceException.Kind.FAILED, "cannot create a work tree: " + e.getMessage(), null,
          null, e);
    }
    try {
      Git git = Git.init().setDirectory(dir.toFile()).call();
      Path alternates = dir.resolve(".git/objects/info/alternates");
      Files.createDirectories(alternates.getParent());
      Files.writeString(alternates, objectsDirectory(origin) + "\n");
      // Re-open so the object database reads the alternates written after init.
      git.close();
      git = Git.open(dir.toFile());
      git.checkout().setName(commit).call();
      return new Workspace(git, dir, commit, repo, origin, credentials, gitTimeout);
    } catch (GitAPIException | IOException | RuntimeException e) {
      Workspace.deleteTree(dir);
      throw new SourceException(SourceException.Kind.FAILED,
          "cannot check out " + commit + " of " + SourceValidation.redacted(repo) + ": " + e.getMessage(), null, null, e);
    }
  }

  /** The commit {@code branch} points to in {@code repo}, or null when it does not exist there (yet). */
  public String branchHead(String repo, String branch) throws SourceException {
    Repository origin = repositories.repository(repo, SourceValidation.isCloneUrl(repo));
    try {
      ObjectId id = origin.resolve("refs/heads/" + Workspace.taskBranch(branch) + "^{commit}");
      return id == null ? null : id.name();
    } catch (IOException e) {
      throw new SourceException(SourceException.Kind.FAILED, "cannot read branch " + branch + ": " + e.getMessage(),
          null, null, e);
    }
  }

  /** A linked worktree's objects live in its common directory; FileRepository knows where. */
  private static String objectsDirectory(Repository repository) throws IOException {
    if (repository instanceof FileRepository file) {
      return file.getObjectsDirectory().getAbsolutePath();
    }
    throw new IOException("repository " + repository + " is not on disk");
  }

  private void deleteLeftovers() {
    if (!Files.isDirectory(trees)) {
      return;
    }
    Instant before = Instant.now().minus(LEFTOVER_AGE);
    try (Stream<Path> dirs = Files.list(trees)) {
      dirs.filter(dir -> modified(dir).toInstant().isBefore(before)).forEach(Workspace::deleteTree);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + trees, e);
    }
  }

  private static FileTime modified(Path dir) {
    try {
      return Files.getLastModifiedTime(dir);
    } catch (IOException e) {
      return FileTime.from(Instant.EPOCH);
    }
  }
}
