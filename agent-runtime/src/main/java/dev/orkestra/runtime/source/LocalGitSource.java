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
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Local git through JGit: a work tree, a bare repository, or a clone URL (cloned bare into this
 * reader's own cache directory and fetched when a ref is resolved). Only committed content is read,
 * at the resolved commit — never the work tree's uncommitted files.
 */
public final class LocalGitSource implements SourceReader {

  private final Path cloneDir;
  private final SourceLimits limits;
  private final Map<String, Repository> open = new ConcurrentHashMap<>();

  /** @param cloneDir where clone URLs are mirrored; private to this reader (no shared cache) */
  public LocalGitSource(Path cloneDir, SourceLimits limits) {
    this.cloneDir = cloneDir;
    this.limits = limits;
  }

  @Override
  public ResolvedRef resolve(RepoRef repo) throws SourceException {
    String ref = SourceValidation.ref(repo.getRef());
    Repository repository = repository(repo.getRepo(), true);
    try {
      String name = ref != null ? ref : defaultBranch(repository);
      ObjectId commit = repository.resolve(name + "^{commit}");
      if (commit == null) {
        throw new SourceException(SourceException.Kind.NOT_FOUND,
            "ref '" + name + "' not found in repository " + display(repo.getRepo()), "ref", null, null);
      }
      return new ResolvedRef(name, commit.name());
    } catch (IOException e) {
      throw failed("cannot resolve ref in " + display(repo.getRepo()), e);
    }
  }

  @Override
  public FileBlob read(RepoRef repo, String path) throws SourceException {
    SourceValidation.path(path);
    Repository repository = repository(repo.getRepo(), false);
    try (RevWalk walk = new RevWalk(repository); ObjectReader reader = repository.newObjectReader()) {
      RevCommit commit = walk.parseCommit(commitId(repo, repository));
      try (TreeWalk tree = TreeWalk.forPath(reader, path, commit.getTree())) {
        if (tree == null || tree.getFileMode(0).getObjectType() != Constants.OBJ_BLOB) {
          throw new SourceException(SourceException.Kind.NOT_FOUND, "file not found at path '" + path + "'", "path",
              null, null);
        }
        ObjectId blob = tree.getObjectId(0);
        ObjectLoader loader = reader.open(blob, Constants.OBJ_BLOB);
        if (loader.getSize() > limits.maxFileBytes()) {
          throw new SourceException(SourceException.Kind.TOO_LARGE, "file '" + path + "' is " + loader.getSize()
              + " bytes, above the " + limits.maxFileBytes() + "-byte limit", "path", null, null);
        }
        byte[] content = loader.getBytes();
        if (SourceLimits.looksBinary(content)) {
          throw new SourceException(SourceException.Kind.NOT_TEXT, "file '" + path + "' is binary", "path", null, null);
        }
        return new FileBlob(path, blob.name(), content);
      }
    } catch (MissingObjectException e) {
      throw new SourceException(SourceException.Kind.NOT_FOUND, "commit " + repo.getCommitSha() + " not found", "ref",
          null, e);
    } catch (IOException e) {
      throw failed("cannot read '" + path + "'", e);
    }
  }

  @Override
  public List<FileEntry> list(RepoRef repo) throws SourceException {
    Repository repository = repository(repo.getRepo(), false);
    List<FileEntry> files = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repository); ObjectReader reader = repository.newObjectReader();
        TreeWalk tree = new TreeWalk(reader)) {
      tree.addTree(walk.parseCommit(commitId(repo, repository)).getTree());
      tree.setRecursive(true);
      while (tree.next()) {
        if (tree.getFileMode(0) == FileMode.GITLINK || tree.getFileMode(0).getObjectType() != Constants.OBJ_BLOB) {
          continue; // submodules and symlink targets are not file content of this repository
        }
        ObjectId blob = tree.getObjectId(0);
        files.add(new FileEntry(tree.getPathString(), blob.name(), reader.getObjectSize(blob, Constants.OBJ_BLOB)));
      }
      return files;
    } catch (IOException e) {
      throw failed("cannot list files of " + display(repo.getRepo()), e);
    }
  }

  @Override
  public String url(RepoRef repo, String path, Integer startLine, Integer endLine) {
    String base = isCloneUrl(repo.getRepo()) ? repo.getRepo() : Path.of(repo.getRepo()).toAbsolutePath().normalize().toUri().toString();
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

  private static ObjectId commitId(RepoRef repo, Repository repository) throws SourceException {
    String sha = repo.getCommitSha();
    if (sha == null || !sha.matches("[0-9a-f]{40}")) {
      throw SourceException.invalid("commit", "reads need the resolved 40-character commit SHA, was " + sha);
    }
    return ObjectId.fromString(sha);
  }

  private Repository repository(String repo, boolean refresh) throws SourceException {
    SourceValidation.localRepo(repo);
    if (isCloneUrl(repo)) {
      return mirror(repo, refresh);
    }
    Repository existing = open.get(repo);
    if (existing != null) {
      return existing;
    }
    Path dir = Path.of(repo);
    File gitDir = Files.isDirectory(dir.resolve(".git")) ? dir.resolve(".git").toFile() : dir.toFile();
    if (!Files.isDirectory(dir) || !Files.exists(gitDir.toPath().resolve("HEAD"))) {
      throw new SourceException(SourceException.Kind.NOT_FOUND, "no git repository at " + display(repo), "repo", null,
          null);
    }
    try {
      Repository repository = new FileRepositoryBuilder().setGitDir(gitDir).setMustExist(true).build();
      Repository raced = open.putIfAbsent(repo, repository);
      if (raced != null) {
        repository.close();
        return raced;
      }
      return repository;
    } catch (IOException e) {
      throw failed("cannot open repository " + display(repo), e);
    }
  }

  /** Clone URLs are mirrored bare under {@code cloneDir}; resolving a ref fetches first, reads never do. */
  private synchronized Repository mirror(String url, boolean refresh) throws SourceException {
    Path target = cloneDir.resolve(sha256(url));
    try {
      Repository repository = open.get(url);
      if (repository == null && Files.exists(target.resolve("HEAD"))) {
        repository = new FileRepositoryBuilder().setGitDir(target.toFile()).setMustExist(true).build();
        open.put(url, repository);
      } else if (repository == null) {
        Files.createDirectories(cloneDir);
        try (Git git = Git.cloneRepository().setURI(url).setBare(true).setDirectory(target.toFile())
            .setTimeout((int) limits.callTimeout().toSeconds()).call()) {
          repository = git.getRepository();
          repository.incrementOpen();
        }
        open.put(url, repository);
        return repository;
      }
      if (refresh) {
        try (Git git = new Git(repository)) {
          git.fetch().setTimeout((int) limits.callTimeout().toSeconds()).call();
        }
      }
      return repository;
    } catch (GitAPIException | IOException e) {
      throw failed("cannot clone or fetch " + display(url), e);
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

  private static boolean isCloneUrl(String repo) {
    return repo.matches("(?i)(file|https|ssh)://.*") || repo.matches("[\\w.-]+@[\\w.-]+:.*");
  }

  /** A clone URL may carry credentials (https://user:token@host): never show them. */
  static String display(String repo) {
    return repo.replaceAll("//[^/@]+@", "//***@");
  }

  private static SourceException failed(String message, Exception e) {
    return new SourceException(SourceException.Kind.FAILED, message + ": " + display(String.valueOf(e.getMessage())),
        null, null, e);
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
