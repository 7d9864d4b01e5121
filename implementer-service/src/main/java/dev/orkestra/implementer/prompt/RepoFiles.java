package dev.orkestra.implementer.prompt;

import dev.orkestra.runtime.workspace.Workspace;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The files tracked at a work tree's commit (read from git, so build output and ignored files never
 * reach a prompt), and which of them a step's names mean: a file, a folder (its files), or a glob
 * such as {@code src/search/*.py}. At most {@value #MAX_LISTED} paths are read.
 */
public final class RepoFiles {

  static final int MAX_LISTED = 20_000;

  private final List<String> paths;
  private final boolean complete;

  private RepoFiles(List<String> paths, boolean complete) {
    this.paths = List.copyOf(paths);
    this.complete = complete;
  }

  public static RepoFiles of(Workspace workspace) throws IOException {
    Repository repository = workspace.repository();
    List<String> paths = new ArrayList<>();
    boolean complete = true;
    try (RevWalk walk = new RevWalk(repository); TreeWalk tree = new TreeWalk(repository)) {
      RevCommit commit = walk.parseCommit(repository.resolve(workspace.baseCommit()));
      tree.addTree(commit.getTree());
      tree.setRecursive(true);
      while (tree.next()) {
        if (paths.size() >= MAX_LISTED) {
          complete = false;
          break;
        }
        if (tree.getFileMode(0) != FileMode.GITLINK) {
          paths.add(tree.getPathString());
        }
      }
    }
    return new RepoFiles(paths, complete);
  }

  /** Every path, in git's order. */
  public List<String> paths() {
    return paths;
  }

  /** False when the repository has more files than were read. */
  public boolean complete() {
    return complete;
  }

  public boolean contains(String path) {
    return paths.contains(path);
  }

  /** The tracked files {@code name} means: itself, the files under it, or those its glob matches. */
  public List<String> matching(String name) {
    String n = name.strip();
    while (n.startsWith("./")) {
      n = n.substring(2);
    }
    while (n.endsWith("/") && n.length() > 1) {
      n = n.substring(0, n.length() - 1);
    }
    Set<String> found = new LinkedHashSet<>();
    if (n.contains("*") || n.contains("?") || n.contains("[") || n.contains("{")) {
      PathMatcher glob;
      try {
        glob = FileSystems.getDefault().getPathMatcher("glob:" + n);
      } catch (IllegalArgumentException e) {
        return List.of();
      }
      // "dir/*" in a plan means the folder's files at any depth, as people write it.
      String prefix = n.endsWith("/*") ? n.substring(0, n.length() - 1) : null;
      for (String path : paths) {
        if (glob.matches(Path.of(path)) || (prefix != null && path.startsWith(prefix))) {
          found.add(path);
        }
      }
    } else if (paths.contains(n)) {
      found.add(n);
    } else {
      String folder = n + "/";
      for (String path : paths) {
        if (path.startsWith(folder)) {
          found.add(path);
        }
      }
    }
    return List.copyOf(found);
  }
}
