package dev.orkestra.runtime.source;

import dev.orkestra.events.common.RepoRef;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectInserter;
import org.kohsuke.github.GHBlob;
import org.kohsuke.github.GHContent;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHTree;
import org.kohsuke.github.GHTreeEntry;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.extras.HttpClientGitHubConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitHub through its REST API (github-api on the JDK HttpClient). Reads at the resolved commit:
 * files through the contents API; the listing, and the verifier's independent path, through the
 * git data API (trees, then the blob by its SHA — see {@link #entryAt} and {@link #readBlob}).
 *
 * <p>The token comes only from the {@code GITHUB_TOKEN} environment variable (anonymous when
 * absent), is sent as a header by the library, and appears in no message or log line: every
 * failure message is built by {@link GitHubErrors} from status codes. Rate limits fail fast with
 * their reset time instead of sleeping. Every call has the connect and response timeout of
 * {@link SourceLimits#callTimeout()}.
 *
 * <p>Per instance, it remembers repository metadata (owner/name → repository, refreshed on every
 * {@link #resolve}) to spare a call per read; it caches no content.
 */
public final class GitHubSource implements SourceReader {

  public static final String DEFAULT_API_URL = "https://api.github.com";
  public static final String DEFAULT_WEB_URL = "https://github.com";
  public static final String TOKEN_VARIABLE = "GITHUB_TOKEN";
  /** Optional API endpoint override (GitHub Enterprise, tests), the variable GitHub Actions also sets. */
  public static final String API_URL_VARIABLE = "GITHUB_API_URL";
  public static final String VIA = "github-api";
  /** {@code readVia} of reads by blob SHA through the git data API. */
  public static final String BLOB_VIA = "github-git-data-api";

  private static final Logger log = LoggerFactory.getLogger(GitHubSource.class);
  private static final int MAX_REMEMBERED_REPOSITORIES = 256;
  /** The contents API inlines content up to 1 MiB; larger files come without it. */
  private static final String INLINE_ENCODING = "base64";

  private final GitHub github;
  private final HttpClient http;
  private final SourceLimits limits;
  private final String webUrl;
  private final boolean authenticated;
  private final Map<String, GHRepository> repositories = new ConcurrentHashMap<>();

  /**
   * @param apiUrl REST endpoint, {@value #DEFAULT_API_URL} for github.com
   * @param env environment lookup; only {@value #TOKEN_VARIABLE} is read
   */
  public GitHubSource(String apiUrl, SourceLimits limits, Function<String, String> env) {
    this(apiUrl, DEFAULT_WEB_URL, limits, env, Clock.systemUTC());
  }

  GitHubSource(String apiUrl, String webUrl, SourceLimits limits, Function<String, String> env, Clock clock) {
    this.limits = limits;
    this.webUrl = webUrl.replaceAll("/+$", "");
    this.http = new TimeoutHttpClient(HttpClient.newBuilder()
        .connectTimeout(limits.callTimeout())
        // Renamed repositories answer with a redirect to their new location.
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build(), limits.callTimeout());
    String token = env.apply(TOKEN_VARIABLE);
    this.authenticated = token != null && !token.isBlank();
    GitHubBuilder builder = new GitHubBuilder()
        .withEndpoint(apiUrl.replaceAll("/+$", ""))
        .withConnector(new HttpClientGitHubConnector(http))
        .withRateLimitHandler(GitHubRateLimits.primary(clock))
        .withAbuseLimitHandler(GitHubRateLimits.secondary(clock));
    if (authenticated) {
      builder.withOAuthToken(token.strip());
    }
    try {
      this.github = builder.build();
    } catch (IOException e) {
      // Building makes no call; this would be a library bug, and its message must not carry the token.
      throw new IllegalStateException("cannot create the GitHub client (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Endpoint from {@value #API_URL_VARIABLE} when set, else github.com; token from {@value #TOKEN_VARIABLE}. */
  public static GitHubSource fromEnvironment(SourceLimits limits, Function<String, String> env) {
    String api = env.apply(API_URL_VARIABLE);
    return new GitHubSource(api == null || api.isBlank() ? DEFAULT_API_URL : api.strip(), limits, env);
  }

  /** Whether a token is configured (never what it is). */
  public boolean authenticated() {
    return authenticated;
  }

  @Override
  public ResolvedRef resolve(RepoRef repo) throws SourceException {
    String name = SourceValidation.githubRepo(repo.getRepo());
    String ref = SourceValidation.ref(repo.getRef());
    GHRepository repository = repository(name, true);
    String target = ref != null ? ref : repository.getDefaultBranch();
    if (target == null || target.isBlank()) {
      throw new SourceException(SourceException.Kind.NOT_FOUND, "repository has no default branch (empty?)", "ref",
          null, null);
    }
    try {
      return new ResolvedRef(target, repository.getCommit(target).getSHA1());
    } catch (IOException e) {
      int status = GitHubErrors.status(e);
      // 422 "No commit found for SHA", 409 "Git Repository is empty"
      if (status == 404 || status == 422 || status == 409) {
        throw new SourceException(SourceException.Kind.NOT_FOUND,
            "ref '" + target + "' not found in repository " + name, "ref", null, null);
      }
      throw GitHubErrors.map(e, "ref '" + target + "' not found in repository " + name, "ref", limits.callTimeout());
    }
  }

  /** The file at the commit through the contents API; the blob SHA is the one GitHub reports for it. */
  @Override
  public FileBlob read(RepoRef repo, String path) throws SourceException {
    String name = SourceValidation.githubRepo(repo.getRepo());
    SourceValidation.path(path);
    String commit = commitSha(repo);
    GHRepository repository = repository(name, false);
    try {
      GHContent content = repository.getFileContent(path, commit);
      // A directory, submodule or followed symlink is not this path's file content.
      if (!content.isFile() || !path.equals(content.getPath())) {
        throw fileNotFound(path);
      }
      checkSize(path, content.getSize());
      if (!INLINE_ENCODING.equals(content.getEncoding())) {
        throw new SourceException(SourceException.Kind.TOO_LARGE, "file '" + path + "' is " + content.getSize()
            + " bytes, too large for the GitHub contents API", "path", null, null);
      }
      byte[] bytes;
      try (InputStream in = content.read()) {
        bytes = in.readAllBytes();
      }
      return text(path, content.getSha(), bytes);
    } catch (IOException e) {
      if (GitHubErrors.status(e) / 100 == 2) {
        // A successful answer that is not a file object: the path is a directory (its listing is an array).
        throw fileNotFound(path);
      }
      throw GitHubErrors.map(e, fileNotFoundMessage(path), "path", limits.callTimeout());
    }
  }

  /** Every blob at the commit through the git trees API (recursive), with blob SHA and size. */
  @Override
  public List<FileEntry> list(RepoRef repo) throws SourceException {
    String name = SourceValidation.githubRepo(repo.getRepo());
    String commit = commitSha(repo);
    GHRepository repository = repository(name, false);
    try {
      GHTree tree = repository.getTreeRecursive(commit, 1);
      if (tree.isTruncated()) {
        // GitHub caps a recursive tree (100,000 entries / 7 MB); an index of such a repository is partial.
        log.warn("tree of {}@{} is truncated by GitHub; listing the {} entries it returned", name, commit,
            tree.getTree().size());
      }
      List<FileEntry> files = new ArrayList<>();
      for (GHTreeEntry entry : tree.getTree()) {
        if ("blob".equals(entry.getType())) {
          files.add(new FileEntry(entry.getPath(), entry.getSha(), entry.getSize()));
        }
      }
      return files;
    } catch (IOException e) {
      throw GitHubErrors.map(e, commitNotFoundMessage(name, commit), "commit", limits.callTimeout());
    }
  }

  /**
   * The path's blob at the commit, from the git trees API (not the contents API): the first half of
   * the verifier's independent read. Falls back to walking the tree level by level when GitHub
   * truncated the recursive listing.
   */
  public FileEntry entryAt(RepoRef repo, String path) throws SourceException {
    String name = SourceValidation.githubRepo(repo.getRepo());
    SourceValidation.path(path);
    String commit = commitSha(repo);
    GHRepository repository = repository(name, false);
    try {
      GHTree tree = repository.getTreeRecursive(commit, 1);
      for (GHTreeEntry entry : tree.getTree()) {
        if (path.equals(entry.getPath()) && "blob".equals(entry.getType())) {
          return new FileEntry(path, entry.getSha(), entry.getSize());
        }
      }
      if (!tree.isTruncated()) {
        throw fileNotFound(path);
      }
      return walk(repository, commit, path);
    } catch (IOException e) {
      throw GitHubErrors.map(e, commitNotFoundMessage(name, commit), "commit", limits.callTimeout());
    }
  }

  /**
   * A blob by its SHA through the git data API ({@code GET /repos/{o}/{r}/git/blobs/{sha}}): the
   * second half of the verifier's independent read. The content is checked to hash to the SHA, so
   * what is compared is what git stores under that name.
   */
  public FileBlob readBlob(RepoRef repo, String path, String blobSha) throws SourceException {
    String name = SourceValidation.githubRepo(repo.getRepo());
    SourceValidation.path(path);
    if (blobSha == null || !blobSha.matches("[0-9a-f]{40}")) {
      throw SourceException.invalid("blobSha", "expected a 40-character blob SHA, was " + blobSha);
    }
    GHRepository repository = repository(name, false);
    try {
      GHBlob blob = repository.getBlob(blobSha);
      checkSize(path, blob.getSize());
      if (!INLINE_ENCODING.equals(blob.getEncoding())) {
        throw new SourceException(SourceException.Kind.FAILED,
            "blob " + blobSha + " of '" + path + "' came in an unexpected encoding", null, null, null);
      }
      byte[] bytes;
      try (InputStream in = blob.read()) {
        bytes = in.readAllBytes();
      }
      if (!blobSha.equals(gitBlobSha(bytes))) {
        throw new SourceException(SourceException.Kind.FAILED,
            "blob " + blobSha + " of '" + path + "' does not hash to its SHA", null, null, null);
      }
      return text(path, blobSha, bytes);
    } catch (IOException e) {
      throw GitHubErrors.map(e, "blob " + blobSha + " of '" + path + "' not found in repository " + name, "path",
          limits.callTimeout());
    }
  }

  /** {@code https://github.com/<owner>/<name>/blob/<commit>/<path>#L<s>-L<e>}: a permalink at the commit. */
  @Override
  public String url(RepoRef repo, String path, Integer startLine, Integer endLine) {
    String anchor = startLine == null ? "" : "#L" + startLine + (endLine == null ? "" : "-L" + endLine);
    return webUrl + "/" + repo.getRepo() + "/blob/" + repo.getCommitSha() + "/" + encodePath(path) + anchor;
  }

  @Override
  public String via() {
    return VIA;
  }

  @Override
  public void close() {
    repositories.clear();
    http.shutdownNow();
  }

  private GHRepository repository(String name, boolean refresh) throws SourceException {
    GHRepository known = refresh ? null : repositories.get(name);
    if (known != null) {
      return known;
    }
    try {
      GHRepository repository = github.getRepository(name);
      if (repositories.size() >= MAX_REMEMBERED_REPOSITORIES) {
        repositories.clear();
      }
      repositories.put(name, repository);
      return repository;
    } catch (IOException e) {
      String notFound = "repository '" + name + "' not found"
          + (authenticated ? "" : " (a private repository needs " + TOKEN_VARIABLE + ")");
      throw GitHubErrors.map(e, notFound, "repo", limits.callTimeout());
    }
  }

  private FileEntry walk(GHRepository repository, String commit, String path) throws IOException, SourceException {
    String[] segments = path.split("/");
    GHTree tree = repository.getTree(commit);
    for (int i = 0; i < segments.length; i++) {
      boolean last = i == segments.length - 1;
      GHTreeEntry found = null;
      for (GHTreeEntry entry : tree.getTree()) {
        if (segments[i].equals(entry.getPath()) && (last ? "blob" : "tree").equals(entry.getType())) {
          found = entry;
        }
      }
      if (found == null) {
        throw fileNotFound(path);
      }
      if (last) {
        return new FileEntry(path, found.getSha(), found.getSize());
      }
      tree = repository.getTree(found.getSha());
    }
    throw fileNotFound(path);
  }

  private FileBlob text(String path, String blobSha, byte[] bytes) throws SourceException {
    if (SourceLimits.looksBinary(bytes)) {
      throw new SourceException(SourceException.Kind.NOT_TEXT, "file '" + path + "' is binary", "path", null, null);
    }
    return new FileBlob(path, blobSha, bytes);
  }

  private void checkSize(String path, long size) throws SourceException {
    if (size > limits.maxFileBytes()) {
      throw new SourceException(SourceException.Kind.TOO_LARGE, "file '" + path + "' is " + size
          + " bytes, above the " + limits.maxFileBytes() + "-byte limit", "path", null, null);
    }
  }

  private static String commitSha(RepoRef repo) throws SourceException {
    String sha = repo.getCommitSha();
    if (sha == null || !sha.matches("[0-9a-f]{40}")) {
      throw SourceException.invalid("commit", "reads need the resolved 40-character commit SHA, was " + sha);
    }
    return sha;
  }

  private static SourceException fileNotFound(String path) {
    return new SourceException(SourceException.Kind.NOT_FOUND, fileNotFoundMessage(path), "path", null, null);
  }

  private static String fileNotFoundMessage(String path) {
    return "file not found at path '" + path + "'";
  }

  private static String commitNotFoundMessage(String name, String commit) {
    return "commit " + commit + " not found in repository " + name;
  }

  /** The git blob SHA-1 of {@code content} ({@code git hash-object}). */
  static String gitBlobSha(byte[] content) {
    try (ObjectInserter.Formatter formatter = new ObjectInserter.Formatter()) {
      return formatter.idFor(Constants.OBJ_BLOB, content).name();
    }
  }

  /** Percent-encodes each path segment for the web URL ('/' stays the separator). */
  static String encodePath(String path) {
    StringBuilder out = new StringBuilder(path.length());
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
