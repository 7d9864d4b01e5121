package dev.orkestra.runtime.workspace;

import dev.orkestra.runtime.source.SourceException;
import dev.orkestra.runtime.source.SourceValidation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;

/**
 * One work tree at one commit ({@link Workspaces#checkout}): files to edit or build, a commit of
 * whatever changed, and a compare-and-set publish of that commit to a task branch of the
 * repository it came from. Deleted on {@link #close()}.
 */
public final class Workspace implements AutoCloseable {

  private final Git git;
  private final Path dir;
  private final Path realDir;
  private final String baseCommit;
  private final String repo;
  private final Repository origin;
  private final PushCredentials credentials;
  private final Duration gitTimeout;

  Workspace(Git git, Path dir, String baseCommit, String repo, Repository origin, PushCredentials credentials,
      Duration gitTimeout) throws IOException {
    this.git = git;
    this.dir = dir;
    this.realDir = dir.toRealPath();
    this.baseCommit = baseCommit;
    this.repo = repo;
    this.origin = origin;
    this.credentials = credentials;
    this.gitTimeout = gitTimeout;
  }

  /** The work tree's root directory. */
  public Path dir() {
    return dir;
  }

  /** The commit it was checked out at. */
  public String baseCommit() {
    return baseCommit;
  }

  /** The work tree's repository, for reading (diffs, status); the workspace owns it. */
  public Repository repository() {
    return git.getRepository();
  }

  /**
   * The file a repository-relative {@code path} names, for writing — refused (INVALID, naming the
   * path and the rule) when it is absolute, climbs out with {@code ..}, goes into {@code .git}, or
   * passes through a symlink that leads outside the work tree: a model's edit stays in the tree.
   */
  public Path file(String path) throws SourceException {
    String checked = SourceValidation.path(path);
    for (String segment : checked.split("/")) {
      if (segment.equalsIgnoreCase(Constants.DOT_GIT)) {
        throw SourceException.invalid("path", "'" + checked + "' is inside .git; edits may only change the work tree");
      }
    }
    Path target = realDir.resolve(checked).normalize();
    if (!target.startsWith(realDir) || target.equals(realDir)) {
      throw SourceException.invalid("path", "'" + checked + "' is outside the work tree");
    }
    Path existing = target;
    while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    try {
      Path real = existing.toRealPath();
      if (!real.startsWith(realDir) || real.startsWith(realDir.resolve(Constants.DOT_GIT))) {
        throw SourceException.invalid("path", "'" + checked + "' leads through a symlink out of the work tree");
      }
    } catch (IOException e) {
      throw SourceException.invalid("path", "'" + checked + "' cannot be resolved: " + e.getMessage());
    }
    return target;
  }

  /**
   * Commits every change in the work tree (new, modified and deleted files; {@code .gitignore}
   * honoured) on top of the current commit. Empty when nothing changed.
   */
  public Optional<String> commitAll(String message, PersonIdent author) throws SourceException {
    try {
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      if (git.status().call().isClean()) {
        return Optional.empty();
      }
      return Optional.of(git.commit().setMessage(message).setAuthor(author).setCommitter(author).setSign(false)
          .call().name());
    } catch (GitAPIException e) {
      throw new SourceException(SourceException.Kind.FAILED, "cannot commit: " + e.getMessage(), null, null, e);
    }
  }

  /**
   * A commit with {@code commit}'s tree, message and author whose only parent is {@code parent}:
   * the work of several commits above {@code parent} as one (a step's later attempt, made on top of
   * its earlier one so that the model edits its own previous work, lands as one commit of the step).
   */
  public String squashOnto(String commit, String parent) throws SourceException {
    Repository repository = git.getRepository();
    try (RevWalk walk = new RevWalk(repository); ObjectInserter inserter = repository.newObjectInserter()) {
      RevCommit source = walk.parseCommit(ObjectId.fromString(commit));
      CommitBuilder squashed = new CommitBuilder();
      squashed.setTreeId(source.getTree().getId());
      squashed.setParentId(ObjectId.fromString(parent));
      squashed.setAuthor(source.getAuthorIdent());
      squashed.setCommitter(source.getCommitterIdent());
      squashed.setMessage(source.getFullMessage());
      ObjectId id = inserter.insert(squashed);
      inserter.flush();
      return id.name();
    } catch (IOException e) {
      throw new SourceException(SourceException.Kind.FAILED, "cannot squash " + commit + " onto " + parent + ": "
          + e.getMessage(), null, null, e);
    }
  }

  /**
   * Points {@code branch} (under {@value Workspaces#BRANCH_PREFIX}) of the repository this work
   * tree came from at {@code commit}, only if it is now at {@code expectedHead} (null: only if it
   * does not exist yet). Compare-and-set (a push forced with that lease): a step's commit cannot
   * overwrite anything but the commit the caller names.
   * Publishing the commit the branch already holds succeeds (a redelivered request).
   */
  public void publish(String branch, String commit, String expectedHead) throws SourceException, BranchMovedException {
    String ref = Constants.R_HEADS + taskBranch(branch);
    SourceValidation.commitSha(commit, "commit");
    try {
      ObjectId current = origin.resolve(ref);
      if (current != null && current.name().equals(commit)) {
        return;
      }
      URIish target = SourceValidation.isCloneUrl(repo) ? new URIish(repo)
          : new URIish(origin.getDirectory().getAbsolutePath());
      ObjectId expected = expectedHead == null ? ObjectId.zeroId() : ObjectId.fromString(expectedHead);
      // Forced with a lease: the ref moves only from the expected commit, so nothing else is overwritten,
      // and a later attempt of a step may replace an earlier one that is not its ancestor (publishOver).
      RemoteRefUpdate update = new RemoteRefUpdate(git.getRepository(), commit, ref, true, null, expected);
      try (Transport transport = Transport.open(git.getRepository(), target)) {
        transport.setTimeout((int) Math.max(1, gitTimeout.toSeconds()));
        if (target.getScheme() != null && target.getScheme().startsWith("http")) {
          transport.setCredentialsProvider(credentials.provider());
        }
        PushResult result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
        RemoteRefUpdate done = result.getRemoteUpdate(ref);
        switch (done.getStatus()) {
          case OK, UP_TO_DATE -> { }
          case REJECTED_REMOTE_CHANGED, REJECTED_NONFASTFORWARD -> {
            var advertised = result.getAdvertisedRef(ref);
            throw new BranchMovedException(branch, expectedHead,
                advertised == null ? null : advertised.getObjectId().name());
          }
          default -> throw new SourceException(SourceException.Kind.FAILED, "push of " + branch + " to "
              + SourceValidation.redacted(repo) + " was refused: " + done.getStatus()
              + (done.getMessage() == null ? "" : " (" + done.getMessage() + ")"), null, null, null);
        }
      }
    } catch (IOException | java.net.URISyntaxException e) {
      throw new SourceException(SourceException.Kind.FAILED, "cannot push " + branch + " to "
          + SourceValidation.redacted(repo) + ": " + e.getMessage(), null, null, e);
    }
  }

  /**
   * Publishes a commit built on {@code acceptedHead} — the head the task has accepted so far — over
   * unaccepted work above it: the branch may be at the accepted head (or, with a null head, not
   * exist yet), or at one commit directly on top of it that {@code unaccepted} recognises, such as
   * an earlier attempt of a step that a review or the gate turned down. Anything else on the branch
   * is someone's work, and {@link BranchMovedException} says where the branch is.
   */
  public void publishOver(String branch, String commit, String acceptedHead, Predicate<RevCommit> unaccepted)
      throws SourceException, BranchMovedException {
    String ref = Constants.R_HEADS + taskBranch(branch);
    ObjectId current;
    try {
      current = origin.resolve(ref);
    } catch (IOException e) {
      throw new SourceException(SourceException.Kind.FAILED, "cannot read branch " + branch + ": " + e.getMessage(),
          null, null, e);
    }
    if (current == null || current.name().equals(acceptedHead) || current.name().equals(commit)) {
      publish(branch, commit, current == null ? null : current.name());
      return;
    }
    try (RevWalk walk = new RevWalk(origin)) {
      RevCommit above = walk.parseCommit(current);
      if (above.getParentCount() == 1 && above.getParent(0).name().equals(acceptedHead) && unaccepted.test(above)) {
        publish(branch, commit, current.name());
        return;
      }
    } catch (IOException e) {
      throw new SourceException(SourceException.Kind.FAILED, "cannot read commit " + current.name() + " of branch "
          + branch + ": " + e.getMessage(), null, null, e);
    }
    throw new BranchMovedException(branch, acceptedHead, current.name());
  }

  /** {@code branch} if it is a valid task branch name ({@value Workspaces#BRANCH_PREFIX}…). */
  static String taskBranch(String branch) throws SourceException {
    if (branch == null || !branch.startsWith(Workspaces.BRANCH_PREFIX)
        || !Repository.isValidRefName(Constants.R_HEADS + branch)) {
      throw SourceException.invalid("branch", "'" + branch + "' is not a task branch (" + Workspaces.BRANCH_PREFIX
          + "<name>, a valid git branch name); the task roles never write other branches");
    }
    return branch;
  }

  @Override
  public void close() {
    git.close();
    deleteTree(dir);
  }

  /** Deletes {@code dir} and everything in it, never following a link out of it; what cannot be deleted is left. */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      // Files.walk does not follow symlinks: a link inside the tree is deleted, not what it points to.
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          // Left for the next start's sweep of leftovers.
        }
      });
    } catch (IOException e) {
      // Idem.
    }
  }
}
