package dev.orkestra.planner.context;

import dev.orkestra.runtime.source.FileEntry;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The files of a repository at one commit, and what a path a model or a task names refers to: a
 * file, a directory ({@code src/search/} or {@code src/search}: the files under it) or a glob
 * ({@code src/search/*.py}, {@code docs/**}). Paths are never read from disk here: only names from
 * the reader's listing, so nothing outside the repository can be named.
 */
public final class RepositoryFiles {

  private final NavigableSet<String> paths = new TreeSet<>();

  public RepositoryFiles(List<FileEntry> entries) {
    entries.forEach(entry -> paths.add(entry.path()));
  }

  public NavigableSet<String> paths() {
    return Collections.unmodifiableNavigableSet(paths);
  }

  public boolean isFile(String path) {
    return paths.contains(path);
  }

  /** Every file {@code name} refers to, in path order; empty when it names nothing at this commit. */
  public List<String> matching(String name) {
    String wanted = name.strip();
    while (wanted.startsWith("./")) {
      wanted = wanted.substring(2);
    }
    if (wanted.isEmpty()) {
      return List.of();
    }
    if (wanted.contains("*") || wanted.contains("?") || wanted.contains("[")) {
      PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + wanted);
      return paths.stream().filter(path -> glob.matches(Path.of(path))).toList();
    }
    if (paths.contains(wanted)) {
      return List.of(wanted);
    }
    String directory = wanted.endsWith("/") ? wanted : wanted + "/";
    return List.copyOf(paths.subSet(directory, true, directory + Character.MAX_VALUE, false));
  }
}
