package dev.orkestra.runtime.source;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Symlinks followed as git hosts follow them: GitHub's contents API answers a path that is a
 * symlink with the file it points to when that target is a file in the repository, and with no
 * file otherwise. Every reader (local JGit, the GitHub contents API, the GitHub trees API) follows
 * links through this one class, so the extractor and the verifier agree on what a path names.
 *
 * <p>A target is resolved inside the commit's tree, relative to the link's directory; an absolute
 * target, one that climbs above the repository root, a dangling one and a chain longer than
 * {@value #MAX_HOPS} links are all "file not found" with the reason in parentheses. Nothing is
 * ever read from outside the repository: links are never handed to the file system.
 */
public final class Symlinks {

  /** Links followed per read; git hosts stop early too, and a loop must end. */
  public static final int MAX_HOPS = 8;
  /** Longest target read from a link (Linux's PATH_MAX): a longer "link" is not a path. */
  static final int MAX_TARGET_BYTES = 4096;

  private Symlinks() {}

  /** What a tree holds at a path. */
  public enum Type { FILE, SYMLINK, OTHER }

  /** One entry of a commit's tree: its object SHA and size (for a link, the target's length). */
  public record Entry(String path, Type type, String sha, long size) {}

  /** A commit's tree, as one reader sees it. */
  public interface Tree {
    /** The entry at {@code path}, or null when the tree has none. */
    Entry entry(String path) throws SourceException;

    /** The target path stored in a {@link Type#SYMLINK} entry (at most {@value #MAX_TARGET_BYTES} bytes). */
    byte[] target(Entry link) throws SourceException;
  }

  /**
   * The file {@code path} names at the commit: the entry itself when it is a file, the file its
   * links lead to when it is a symlink.
   */
  public static Entry file(String path, Tree tree) throws SourceException {
    String current = path;
    for (int hop = 0; hop <= MAX_HOPS; hop++) {
      Entry entry = tree.entry(current);
      if (entry == null || entry.type() == Type.OTHER) {
        throw hop == 0 ? notFound(path, null)
            : notFound(path, "a symlink to " + SourceValidation.quoted(current) + ", which is not a file at the commit");
      }
      if (entry.type() == Type.FILE) {
        return entry;
      }
      if (entry.size() > MAX_TARGET_BYTES) {
        throw notFound(path, "a symlink whose target is not a path");
      }
      String target = new String(tree.target(entry), StandardCharsets.UTF_8);
      Optional<String> next = resolve(current, target);
      if (next.isEmpty()) {
        throw notFound(path, "a symlink to " + SourceValidation.quoted(target) + ", outside the repository");
      }
      current = next.get();
    }
    throw notFound(path, "more than " + MAX_HOPS + " symlinks in a row");
  }

  /**
   * Where a link at {@code link} storing {@code target} points, as a path from the repository root;
   * empty when the target is absolute, climbs above the root or is not a valid path.
   */
  static Optional<String> resolve(String link, String target) {
    if (target.isEmpty() || target.startsWith("/")) {
      return Optional.empty();
    }
    Deque<String> parts = new ArrayDeque<>();
    int slash = link.lastIndexOf('/');
    if (slash > 0) {
      for (String segment : link.substring(0, slash).split("/")) {
        parts.addLast(segment);
      }
    }
    for (String segment : target.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (parts.isEmpty()) {
          return Optional.empty();
        }
        parts.removeLast();
      } else {
        parts.addLast(segment);
      }
    }
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    String resolved = String.join("/", parts);
    try {
      return Optional.of(SourceValidation.path(resolved));
    } catch (SourceException invalid) {
      return Optional.empty();
    }
  }

  /** {@code file not found at path '<path>'}, with why in parentheses when a link led nowhere. */
  public static SourceException notFound(String path, String why) {
    return new SourceException(SourceException.Kind.NOT_FOUND,
        "file not found at path '" + path + "'" + (why == null ? "" : " (" + why + ")"), "path", null, null);
  }
}
