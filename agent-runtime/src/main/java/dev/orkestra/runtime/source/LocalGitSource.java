package dev.orkestra.runtime.source;

import dev.orkestra.events.common.RepoRef;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.FS;

/**
 * Local git through JGit: a work tree, a bare repository, or a clone URL (cloned bare into this
 * reader's own cache directory and fetched when a ref is resolved). Only committed content is read,
 * at the resolved commit — never the work tree's uncommitted files.
 *
 * <p>What it may open is {@link SourcePolicy}'s: directories and {@code file://} URLs under the
 * allowed roots, {@code https://} clones from the allowed hosts, mirrors no larger than the cap.
 * The check runs on every call, before any file is touched.
 */
public final class LocalGitSource implements SourceReader {

  private final Path cloneDir;
  private final SourceLimits limits;
  private final SourcePolicy policy;
  private final Map<String, Repository> open = new ConcurrentHashMap<>();

  /** @param cloneDir where clone URLs are mirrored; private to this reader (no shared cache) */
  public LocalGitSource(Path cloneDir, SourceLimits limits, SourcePolicy policy) {
    this.cloneDir = cloneDir;
    this.limits = limits;
    this.policy = policy;
  }

  /** The ref's commit, or the pinned {@code commitSha} (which must exist) with the ref kept as given. */
  @Override
  public ResolvedRef resolve(RepoRef repo) throws SourceException {
    String ref = SourceValidation.ref(repo.getRef());
    String pinned = SourceValidation.pinnedCommit(repo.getCommitSha(), "commitSha");
    Repository repository = repository(repo.getRepo(), true);
    try {
      if (pinned != null) {
        return new ResolvedRef(ref, pinnedCommit(repository, pinned, repo.getRepo()));
      }
      String name = ref != null ? ref : defaultBranch(repository);
      ObjectId commit = repository.resolve(name + "^{commit}");
      if (commit == null) {
        throw new SourceException(SourceException.Kind.NOT_FOUND,
            "ref '" + name + "' not found in repository " + repo.getRepo(), "ref", null, null);
      }
      return new ResolvedRef(name, commit.name());
    } catch (IOException e) {
      // An abbreviated pin that names several objects lands here too (AmbiguousObjectException).
      throw failed("cannot resolve ref in " + repo.getRepo(), e);
    }
  }

  private static String pinnedCommit(Repository repository, String pinned, String repo)
      throws IOException, SourceException {
    ObjectId commit;
    try {
      commit = repository.resolve(pinned + "^{commit}");
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      commit = null; // a full SHA the repository does not have, or an object that is no commit
    }
    if (commit == null) {
      throw new SourceException(SourceException.Kind.NOT_FOUND, "commit " + pinned + " not found in repository " + repo,
          "commitSha", null, null);
    }
    return commit.name();
  }

  /** The file at the commit; a symlink is followed to its target file inside the tree ({@link Symlinks}). */
  @Override
  public FileBlob read(RepoRef repo, String path) throws SourceException {
    SourceValidation.path(path);
    Repository repository = repository(repo.getRepo(), false);
    try (RevWalk walk = new RevWalk(repository); ObjectReader reader = repository.newObjectReader()) {
      RevTree tree = walk.parseCommit(commitId(repo)).getTree();
      Symlinks.Entry file = Symlinks.file(path, new CommitTree(reader, tree));
      if (file.size() > limits.maxFileBytes()) {
        throw SourceLimits.tooLarge(path, file.size(), limits.maxFileBytes());
      }
      ObjectId blob = ObjectId.fromString(file.sha());
      byte[] content = reader.open(blob, Constants.OBJ_BLOB).getBytes();
      if (SourceLimits.looksBinary(content)) {
        throw new SourceException(SourceException.Kind.NOT_TEXT, "file '" + path + "' is binary", "path", null, null);
      }
      return new FileBlob(path, blob.name(), content);
    } catch (MissingObjectException e) {
      throw new SourceException(SourceException.Kind.NOT_FOUND, "commit " + repo.getCommitSha() + " not found",
          "commitSha", null, e);
    } catch (IOException e) {
      throw failed("cannot read '" + path + "'", e);
    }
  }

  /** Every regular file at the commit; symlinks and submodules are left out (a link's target is listed as itself). */
  @Override
  public List<FileEntry> list(RepoRef repo) throws SourceException {
    Repository repository = repository(repo.getRepo(), false);
    List<FileEntry> files = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repository); ObjectReader reader = repository.newObjectReader();
        TreeWalk tree = new TreeWalk(reader)) {
      tree.addTree(walk.parseCommit(commitId(repo)).getTree());
      tree.setRecursive(true);
      while (tree.next()) {
        if (type(tree.getFileMode(0)) != Symlinks.Type.FILE) {
          continue;
        }
        ObjectId blob = tree.getObjectId(0);
        files.add(new FileEntry(tree.getPathString(), blob.name(), reader.getObjectSize(blob, Constants.OBJ_BLOB)));
      }
      return files;
    } catch (IOException e) {
      throw failed("cannot list files of " + repo.getRepo(), e);
    }
  }

  @Override
  public String url(RepoRef repo, String path, Integer startLine, Integer endLine) {
    String base = SourceValidation.isCloneUrl(repo.getRepo()) ? repo.getRepo()
        : Path.of(repo.getRepo()).toAbsolutePath().normalize().toUri().toString();
    String anchor = startLine == null ? "" : "#L" + startLine + (endLine == null ? "" : "-L" + endLine);
    return base.replaceAll("/+$", "") + "/" + path + "@" + repo.getCommitSha() + anchor;
  }

  @Override
  public String via() {
    return "jgit";
  }

  @Override
  public void close() {
    open.values().forEach(Repository::close);
    open.clear();
  }

  /** A commit's tree read through JGit: entries by path, link targets from their blobs. */
  private static final class CommitTree implements Symlinks.Tree {
    private final ObjectReader reader;
    private final RevTree root;

    CommitTree(ObjectReader reader, RevTree root) {
      this.reader = reader;
      this.root = root;
    }

    @Override
    public Symlinks.Entry entry(String path) throws SourceException {
      try (TreeWalk walk = TreeWalk.forPath(reader, path, root)) {
        if (walk == null) {
          return null;
        }
        Symlinks.Type type = type(walk.getFileMode(0));
        ObjectId id = walk.getObjectId(0);
        long size = type == Symlinks.Type.OTHER ? 0 : reader.getObjectSize(id, Constants.OBJ_BLOB);
        return new Symlinks.Entry(path, type, id.name(), size);
      } catch (IOException e) {
        throw failed("cannot read '" + path + "'", e);
      }
    }

    @Override
    public byte[] target(Symlinks.Entry link) throws SourceException {
      try {
        ObjectLoader loader = reader.open(ObjectId.fromString(link.sha()), Constants.OBJ_BLOB);
        return loader.getBytes(Symlinks.MAX_TARGET_BYTES);
      } catch (IOException e) {
        throw failed("cannot read the symlink '" + link.path() + "'", e);
      }
    }
  }

  private static Symlinks.Type type(FileMode mode) {
    if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
      return Symlinks.Type.FILE;
    }
    return mode == FileMode.SYMLINK ? Symlinks.Type.SYMLINK : Symlinks.Type.OTHER;
  }

  private static ObjectId commitId(RepoRef repo) throws SourceException {
    return ObjectId.fromString(SourceValidation.commitSha(repo.getCommitSha(), "commitSha"));
  }

  /**
   * The git repository {@code repo} names, checked against the policy like every read: the local
   * repository itself, or this reader's mirror of a clone URL (fetched first when {@code refresh}).
   * For the task roles, which check out and push where the query roles only read. Owned by this
   * reader: not to be closed by the caller.
   */
  public Repository repository(String repo, boolean refresh) throws SourceException {
    SourceValidation.localRepo(repo);
    if (SourceValidation.isCloneUrl(repo)) {
      policy.checkCloneUrl(repo);
      return mirror(repo, refresh);
    }
    Path dir = policy.localRepository(repo);
    String key = dir.toString();
    Repository existing = open.get(key);
    if (existing != null) {
      return existing;
    }
    // A work tree (".git" a directory, or a file pointing to a linked worktree's git dir) or a bare repository.
    File gitDir = Files.isDirectory(dir) ? RepositoryCache.FileKey.resolve(dir.toFile(), FS.DETECTED) : null;
    if (gitDir == null) {
      throw new SourceException(SourceException.Kind.NOT_FOUND, "no git repository at " + repo, "repo", null, null);
    }
    try {
      Repository repository = new FileRepositoryBuilder().setGitDir(gitDir).setMustExist(true).build();
      Repository raced = open.putIfAbsent(key, repository);
      if (raced != null) {
        repository.close();
        return raced;
      }
      return repository;
    } catch (IOException e) {
      throw failed("cannot open repository " + repo, e);
    }
  }

  /**
   * Clone URLs are mirrored bare under {@code cloneDir}; resolving a ref fetches first, reads never
   * do. A clone or fetch that grows the mirror past the policy's cap is stopped, and a partial
   * first clone is deleted.
   */
  private synchronized Repository mirror(String url, boolean refresh) throws SourceException {
    Path target = cloneDir.resolve(sha256(url));
    CloneSizeGuard guard = new CloneSizeGuard(target, policy.maxCloneBytes());
    Repository repository = open.get(url);
    boolean cloning = repository == null && !Files.exists(target.resolve("HEAD"));
    try {
      if (repository == null && !cloning) {
        repository = new FileRepositoryBuilder().setGitDir(target.toFile()).setMustExist(true).build();
        open.put(url, repository);
      } else if (cloning) {
        Files.createDirectories(cloneDir);
        try (Git git = Git.cloneRepository().setURI(url).setBare(true).setDirectory(target.toFile())
            .setProgressMonitor(guard).setTimeout((int) limits.callTimeout().toSeconds()).call()) {
          repository = git.getRepository();
          repository.incrementOpen();
        }
        open.put(url, repository);
      }
      if (refresh && !cloning) {
        try (Git git = new Git(repository)) {
          git.fetch().setProgressMonitor(guard).setTimeout((int) limits.callTimeout().toSeconds()).call();
        }
      }
      if ((cloning || refresh) && guard.exceededNow()) {
        throw new IOException("mirror above its cap");
      }
      return repository;
    } catch (GitAPIException | IOException e) {
      if (guard.exceeded()) {
        // The mirror is only a cache: dropped whole, the next attempt starts clean (and is refused again).
        Repository dropped = open.remove(url);
        if (dropped != null) {
          dropped.close();
        }
        CloneSizeGuard.delete(target);
        throw new SourceException(SourceException.Kind.TOO_LARGE, "clone of " + url + " stopped: the mirror grew past"
            + " the " + policy.maxCloneBytes() + "-byte limit (" + SourcePolicy.MAX_CLONE_BYTES + ")", "repo", null,
            null);
      }
      if (cloning) {
        CloneSizeGuard.delete(target);
      }
      throw failed("cannot clone or fetch " + url, e);
    }
  }

  private static String defaultBranch(Repository repository) throws IOException, SourceException {
    String full = repository.getFullBranch();
    if (full == null) {
      throw new SourceException(SourceException.Kind.NOT_FOUND, "repository has no default branch (empty?)", "ref",
          null, null);
    }
    return Repository.shortenRefName(full);
  }

  private static SourceException failed(String message, Exception e) {
    return new SourceException(SourceException.Kind.FAILED, message + ": " + e.getMessage(), null, null, e);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
