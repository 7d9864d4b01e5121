package dev.orkestra.runtime.source;

import java.util.regex.Pattern;

/**
 * Validation of what users name: repositories, refs and paths. One place, so the CLI, the
 * coordinator and every reader reject the same inputs with the same words.
 */
public final class SourceValidation {

  /** GitHub's own limits: owner up to 39 characters, repository up to 100. */
  private static final Pattern GITHUB_REPO = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}");
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}]");
  static final int MAX_PATH = 1024;
  static final int MAX_REF = 255;
  static final int MAX_LOCAL_REPO = 4096;

  private SourceValidation() {}

  /** {@code owner/name}. */
  public static String githubRepo(String repo) throws SourceException {
    if (repo == null || !GITHUB_REPO.matcher(repo).matches() || repo.endsWith(".") || repo.contains("..")) {
      throw SourceException.invalid("repo", "expected owner/name (letters, digits, '-', '.', '_'), was " + quoted(repo));
    }
    return repo;
  }

  /** A local path or clone URL ({@code file:}, {@code https:}, {@code ssh:} or {@code git@host:}). */
  public static String localRepo(String repo) throws SourceException {
    if (repo == null || repo.isBlank()) {
      throw SourceException.invalid("repo", "is empty");
    }
    if (repo.length() > MAX_LOCAL_REPO || CONTROL.matcher(repo).find()) {
      throw SourceException.invalid("repo", "too long or contains control characters");
    }
    if (repo.matches("(?i)[a-z][a-z0-9+.-]*://.*") && !repo.matches("(?i)(file|https|ssh)://.*")) {
      throw SourceException.invalid("repo", "only file://, https:// and ssh:// clone URLs are supported");
    }
    return repo;
  }

  /** A branch, tag or commit; null means the default branch. */
  public static String ref(String ref) throws SourceException {
    if (ref == null) {
      return null;
    }
    if (ref.isBlank() || ref.length() > MAX_REF || CONTROL.matcher(ref).find() || ref.contains("..")
        || ref.contains(" ") || ref.startsWith("-") || ref.contains("~") || ref.contains("^") || ref.contains(":")) {
      throw SourceException.invalid("ref", "not a valid branch, tag or commit name: " + quoted(ref));
    }
    return ref;
  }

  /** A file path relative to the repository root, without traversal. */
  public static String path(String path) throws SourceException {
    if (path == null || path.isBlank()) {
      throw SourceException.invalid("path", "is empty");
    }
    if (path.length() > MAX_PATH) {
      throw SourceException.invalid("path", "longer than " + MAX_PATH + " characters");
    }
    if (CONTROL.matcher(path).find() || path.contains("\\")) {
      throw SourceException.invalid("path", "contains control characters or backslashes");
    }
    if (path.startsWith("/") || path.matches("(?i)[a-z]:.*")) {
      throw SourceException.invalid("path", "must be relative to the repository root, was " + quoted(path));
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".") || segment.isEmpty()) {
        throw SourceException.invalid("path", "must not contain '.', '..' or empty segments, was " + quoted(path));
      }
    }
    return path;
  }

  private static String quoted(String value) {
    if (value == null) {
      return "nothing";
    }
    String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
    return "'" + CONTROL.matcher(shown).replaceAll("?") + "'";
  }
}
