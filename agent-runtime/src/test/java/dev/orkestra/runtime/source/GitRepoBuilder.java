package dev.orkestra.runtime.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Builds real git repositories for tests (shared with other modules through this module's test
 * jar): write files, commit, tag — then read them back through a {@link SourceReader}.
 */
public final class GitRepoBuilder implements AutoCloseable {

  private final Path dir;
  private final Git git;

  private GitRepoBuilder(Path dir, Git git) {
    this.dir = dir;
    this.git = git;
  }

  /** A new work tree (with {@code .git}) on branch {@code main}. */
  public static GitRepoBuilder init(Path dir) {
    try {
      Files.createDirectories(dir);
      return new GitRepoBuilder(dir, Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call());
    } catch (IOException | GitAPIException e) {
      throw new IllegalStateException("cannot init git repository in " + dir, e);
    }
  }

  public Path dir() {
    return dir;
  }

  public GitRepoBuilder file(String path, String content) {
    return file(path, content.getBytes(StandardCharsets.UTF_8));
  }

  public GitRepoBuilder file(String path, byte[] content) {
    try {
      Path file = dir.resolve(path);
      Files.createDirectories(file.getParent());
      Files.write(file, content);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A symlink at {@code path} storing {@code target}, committed as git stores links (mode 120000). */
  public GitRepoBuilder symlink(String path, String target) {
    try {
      Path link = dir.resolve(path);
      Files.createDirectories(link.getParent());
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, Path.of(target));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public GitRepoBuilder delete(String path) {
    try {
      Files.deleteIfExists(dir.resolve(path));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Commits everything in the work tree (additions, changes, deletions); returns the commit SHA. */
  public String commit(String message) {
    try {
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      RevCommit commit = git.commit().setMessage(message).setAuthor("Test", "test@example.org")
          .setCommitter("Test", "test@example.org").setSign(false).call();
      return commit.name();
    } catch (GitAPIException e) {
      throw new IllegalStateException("commit failed", e);
    }
  }

  public GitRepoBuilder tag(String name) {
    try {
      git.tag().setName(name).setAnnotated(false).call();
      return this;
    } catch (GitAPIException e) {
      throw new IllegalStateException("tag failed", e);
    }
  }

  /** The blob SHA git gives this content (what {@code git hash-object} prints). */
  public static String blobSha(String content) {
    try (ObjectInserter.Formatter formatter = new ObjectInserter.Formatter()) {
      ObjectId id = formatter.idFor(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
      return id.name();
    }
  }

  @Override
  public void close() {
    git.close();
  }
}
