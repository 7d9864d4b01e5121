package dev.orkestra.runtime.source;

import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;

/**
 * Validation of what users name: repositories, refs, commits and paths. One place, so the CLI, the
 * coordinator and every reader reject the same inputs with the same words.
 *
 * <p>These are rules of shape, the same for every deployment. What a deployment lets its services
 * read (local roots, clone hosts, token use) is {@link SourcePolicy}'s.
 */
public final class SourceValidation {

  /** GitHub's own limits: owner up to 39 characters, repository up to 100. */
  private static final Pattern GITHUB_REPO = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}");
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}]");
  private static final Pattern URL = Pattern.compile("(?i)([a-z][a-z0-9+.-]*)://.*");
  /** {@code scheme://userinfo@…}: a user name or token before the host. */
  private static final Pattern URL_USERINFO = Pattern.compile("(?i)^([a-z][a-z0-9+.-]*://)[^/?#]*@");
  /** {@code user:secret@host…} without a scheme. */
  private static final Pattern SCHEMELESS_USERINFO = Pattern.compile("^[^/@\\s]+@");
  /** scp-like SSH: {@code git@host:owner/name.git}. */
  private static final Pattern SCP_LIKE = Pattern.compile("^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:");
  private static final Pattern FULL_SHA = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern PINNED_COMMIT = Pattern.compile("[0-9a-fA-F]{7,40}");
  static final int MAX_PATH = 1024;
  static final int MAX_REF = 255;
  static final int MAX_LOCAL_REPO = 4096;

  private SourceValidation() {}

  /** {@code owner/name}. */
  public static String githubRepo(String repo) throws SourceException {
    if (repo == null || !GITHUB_REPO.matcher(repo).matches() || repo.endsWith(".") || repo.contains("..")) {
      throw SourceException.invalid("repo", "expected owner/name (letters, digits, '-', '.', '_'), was " + quoted(redacted(repo)));
    }
    return repo;
  }

  /**
   * A local path or a clone URL ({@code file://} or {@code https://}). A URL that carries a user
   * name or token is refused without repeating it: credentials would travel in every event,
   * changelog and log line that names the repository.
   */
  public static String localRepo(String repo) throws SourceException {
    if (repo == null || repo.isBlank()) {
      throw SourceException.invalid("repo", "is empty");
    }
    if (repo.length() > MAX_LOCAL_REPO || CONTROL.matcher(repo).find()) {
      throw SourceException.invalid("repo", "too long or contains control characters");
    }
    var url = URL.matcher(repo);
    String scheme = url.matches() ? url.group(1).toLowerCase(Locale.ROOT) : null;
    if ("ssh".equals(scheme) || scheme == null && SCP_LIKE.matcher(repo).lookingAt()) {
      throw SourceException.invalid("repo", "SSH repositories (ssh://, user@host:path) are not supported: this"
          + " build has no SSH transport; use an https:// clone URL");
    }
    if (URL_USERINFO.matcher(repo).find() || scheme == null && !repo.startsWith("/")
        && SCHEMELESS_USERINFO.matcher(repo).lookingAt()) {
      throw SourceException.invalid("repo", "credentials in repository URLs are refused (nothing may stand before"
          + " the host's '@'); read private GitHub repositories with GITHUB_TOKEN and "
          + SourcePolicy.GITHUB_TOKEN_REPOS + ", and clone others from a URL without credentials");
    }
    if (scheme != null && !scheme.equals("file") && !scheme.equals("https")) {
      throw SourceException.invalid("repo", "only file:// and https:// clone URLs are supported");
    }
    return repo;
  }

  /** Whether {@code repo} (already {@link #localRepo valid}) is a clone URL rather than a directory. */
  public static boolean isCloneUrl(String repo) {
    return URL.matcher(repo).matches();
  }

  /** A branch, tag or commit; null means the default branch. Git's own ref-name rules (JGit's). */
  public static String ref(String ref) throws SourceException {
    if (ref == null) {
      return null;
    }
    // A ref the user names is looked up as a branch, a tag or a commit; as a branch name it must be
    // a valid full ref name, which rules out '..', '~', '^', ':', '?', '*', '[', '@{', spaces,
    // '.lock' and the rest of git-check-ref-format's list. A 40-hex SHA passes the same test.
    if (ref.isBlank() || ref.length() > MAX_REF || CONTROL.matcher(ref).find() || ref.startsWith("-")
        || !Repository.isValidRefName(Constants.R_HEADS + ref)) {
      throw SourceException.invalid("ref", "not a valid branch, tag or commit name: " + quoted(ref));
    }
    return ref;
  }

  /** The resolved commit every read happens at: a full 40-character lowercase SHA, never a moving ref. */
  /**
   * Whether {@code value} is a full commit SHA in either case: a ref spelled that way names content
   * that cannot change (JGit reads SHA-1 repositories only, so 40 digits).
   */
  public static boolean isFullCommitSha(String value) {
    return value != null && FULL_SHA.matcher(value.toLowerCase(Locale.ROOT)).matches();
  }

  public static String commitSha(String sha, String field) throws SourceException {
    if (sha == null || !FULL_SHA.matcher(sha).matches()) {
      throw SourceException.invalid(field, "must be the resolved 40-character commit SHA, was " + quoted(sha));
    }
    return sha;
  }

  /** A blob's full 40-character SHA. */
  public static String blobSha(String sha, String field) throws SourceException {
    if (sha == null || !FULL_SHA.matcher(sha).matches()) {
      throw SourceException.invalid(field, "expected a 40-character blob SHA, was " + quoted(sha));
    }
    return sha;
  }

  /**
   * A commit a request pins (null = none): 7-40 hexadecimal characters, abbreviated or full; the
   * retriever resolves it to the full SHA (and refuses it when the repository has no such commit).
   */
  public static String pinnedCommit(String sha, String field) throws SourceException {
    if (sha != null && !PINNED_COMMIT.matcher(sha).matches()) {
      throw SourceException.invalid(field, "must be 7-40 hexadecimal characters (a commit SHA), was " + quoted(sha));
    }
    return sha == null ? null : sha.toLowerCase(Locale.ROOT);
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

  /** {@code repo} with anything before a host's '@' replaced by {@code ***}: safe to show or store. */
  public static String redacted(String repo) {
    if (repo == null) {
      return null;
    }
    String url = URL_USERINFO.matcher(repo).replaceFirst("$1***@");
    return repo.startsWith("/") ? url : SCHEMELESS_USERINFO.matcher(url).replaceFirst("***@");
  }

  /** A value quoted for a message: shortened, control characters masked. */
  static String quoted(String value) {
    if (value == null) {
      return "nothing";
    }
    String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
    return "'" + CONTROL.matcher(shown).replaceAll("?") + "'";
  }
}
