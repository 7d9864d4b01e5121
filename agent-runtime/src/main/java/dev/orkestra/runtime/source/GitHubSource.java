package dev.orkestra.runtime.source;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.orkestra.events.common.RepoRef;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
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
 * Either way a file's size is known from its directory listing or tree entry before its content is
 * fetched, and symlinks are followed inside the tree by {@link Symlinks}, as the contents API does.
 *
 * <p>The token comes only from the {@code GITHUB_TOKEN} environment variable, and is sent only for
 * repositories the operator allowed ({@link SourcePolicy#tokenAllowedFor}); every other repository
 * is read by a second, anonymous client. It is sent as a header by the library and appears in no
 * message or log line: every failure message is built by {@link GitHubErrors} from status codes.
 * Rate limits fail fast with their reset time instead of sleeping. Every exchange, body included,
 * is bounded by {@link SourceLimits#callTimeout()}.
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
  /** The contents API lists at most 1,000 entries of a directory; past that, the trees API knows the rest. */
  private static final int MAX_LISTED_ENTRIES = 1000;
  private static final String INLINE_ENCODING = "base64";

  private final GitHub withToken;
  private final GitHub anonymous;
  private final HttpClient http;
  private final SourceLimits limits;
  private final SourcePolicy policy;
  private final String webUrl;
  private final Cache<String, GHRepository> repositories = Caffeine.newBuilder()
      .maximumSize(MAX_REMEMBERED_REPOSITORIES).build();

  /**
   * @param apiUrl REST endpoint, {@value #DEFAULT_API_URL} for github.com
   * @param policy which repositories the token may be sent for
   * @param env environment lookup; only {@value #TOKEN_VARIABLE} is read
   */
  public GitHubSource(String apiUrl, SourceLimits limits, SourcePolicy policy, Function<String, String> env) {
    this(apiUrl, DEFAULT_WEB_URL, limits, policy, env, Clock.systemUTC());
  }

  GitHubSource(String apiUrl, String webUrl, SourceLimits limits, SourcePolicy policy, Function<String, String> env,
      Clock clock) {
    this.limits = limits;
    this.policy = policy;
    this.webUrl = webUrl.replaceAll("/+$", "");
    this.http = new TimeoutHttpClient(HttpClient.newBuilder()
        .connectTimeout(limits.callTimeout())
        // Renamed repositories answer with a redirect to their new location.
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build(), limits.callTimeout());
    String token = env.apply(TOKEN_VARIABLE);
    this.anonymous = client(apiUrl, clock, null);
    this.withToken = token == null || token.isBlank() ? null : client(apiUrl, clock, token.strip());
  }

  private GitHub client(String apiUrl, Clock clock, String token) {
    GitHubBuilder builder = new GitHubBuilder()
        .withEndpoint(apiUrl.replaceAll("/+$", ""))
        .withConnector(new HttpClientGitHubConnector(http))
        .withRateLimitHandler(GitHubRateLimits.primary(clock))
        .withAbuseLimitHandler(GitHubRateLimits.secondary(clock));
    if (token != null) {
      builder.withOAuthToken(token);
    }
    try {
      return builder.build();
    } catch (IOException e) {
      // Building makes no call; this would be a library bug, and its message must not carry the token.
      throw new IllegalStateException("cannot create the GitHub client (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Endpoint from {@value #API_URL_VARIABLE} when set, else github.com; token from {@value #TOKEN_VARIABLE}. */
  public static GitHubSource fromEnvironment(SourceLimits limits, SourcePolicy policy, Function<String, String> env) {
    String api = env.apply(API_URL_VARIABLE);
    return new GitHubSource(api == null || api.isBlank() ? DEFAULT_API_URL : api.strip(), limits, policy, env);
  }

  /** Whether the token is sent when reading {@code ownerName} (never what it is). */
  public boolean authenticatedFor(String ownerName) {
    return withToken != null && policy.tokenAllowedFor(ownerName);
  }

  /** The ref's commit, or the pinned {@code commitSha} (which must exist) with the ref kept as given. */
  @Override
  public ResolvedRef resolve(RepoRef repo) throws SourceException {
    String name = SourceValidation.githubRepo(repo.getRepo());
    String ref = SourceValidation.ref(repo.getRef());
    String pinned = SourceValidation.pinnedCommit(repo.getCommitSha(), "commitSha");
    GHRepository repository = repository(name, true);
    if (pinned != null) {
      return new ResolvedRef(ref, commit(repository, name, pinned, "commit " + pinned + " not found in repository "
          + name, "commitSha"));
    }
    String target = ref != null ? ref : repository.getDefaultBranch();
    if (target == null || target.isBlank()) {
      throw new SourceException(SourceException.Kind.NOT_FOUND, "repository has no default branch (empty?)", "ref",
          null, null);
    }
    return new ResolvedRef(target, commit(repository, name, target, "ref '" + target + "' not found in repository "
        + name, "ref"));
  }

  private String commit(GHRepository repository, String name, String target, String notFound, String field)
      throws SourceException {
    try {
      return repository.getCommit(target).getSHA1();
    } catch (IOException e) {
      int status = GitHubErrors.status(e);
      // 422 "No commit found for SHA", 409 "Git Repository is empty"
      if (status == 404 || status == 422 || status == 409) {
        throw new SourceException(SourceException.Kind.NOT_FOUND, notFound, field, null, null);
      }
      throw GitHubErrors.map(e, notFound, field, limits.callTimeout());
    }
  }

  /**
   * The file at the commit through the contents API: its size from the directory listing first
   * (no content), then the content, whose blob SHA is the one GitHub reports for it.
   */
  @Override
  public FileBlob read(RepoRef repo, String path) throws SourceException {
    String name = SourceValidation.githubRepo(repo.getRepo());
    SourceValidation.path(path);
    String commit = commitSha(repo);
    GHRepository repository = repository(name, false);
    Symlinks.Entry file = Symlinks.file(path, new ListedTree(repository, name, commit));
    checkSize(path, file.size());
    try {
      GHContent content = repository.getFileContent(file.path(), commit);
      if (!content.isFile() || !file.sha().equals(content.getSha())) {
        throw new SourceException(SourceException.Kind.FAILED, "GitHub listed '" + file.path() + "' as blob "
            + file.sha() + " but served another object", null, null, null);
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
      throw GitHubErrors.map(e, Symlinks.notFound(path, null).getMessage(), "path", limits.callTimeout());
    }
  }

  /** Every regular file at the commit through the git trees API (recursive), with blob SHA and size. */
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
        if (type(entry) == Symlinks.Type.FILE) {
          files.add(new FileEntry(entry.getPath(), entry.getSha(), entry.getSize()));
        }
      }
      return files;
    } catch (IOException e) {
      throw GitHubErrors.map(e, commitNotFoundMessage(name, commit), "commitSha", limits.callTimeout());
    }
  }

  /**
   * The blob {@code path} names at the commit, from the git trees API (not the contents API): the
   * first half of the verifier's independent read. Symlinks are followed inside the tree; when
   * GitHub truncated the recursive listing, the tree is walked level by level.
   */
  public FileEntry entryAt(RepoRef repo, String path) throws SourceException {
    String name = SourceValidation.githubRepo(repo.getRepo());
    SourceValidation.path(path);
    String commit = commitSha(repo);
    Symlinks.Entry file = Symlinks.file(path, new GitTree(repository(name, false), name, commit));
    return new FileEntry(path, file.sha(), file.size());
  }

  /**
   * The blob of {@code entry} by its SHA through the git data API ({@code GET
   * /repos/{o}/{r}/git/blobs/{sha}}): the second half of the verifier's independent read. Its size
   * is checked from the entry before the call; the content must hash to the SHA, so what is
   * compared is what git stores under that name.
   */
  public FileBlob readBlob(RepoRef repo, FileEntry entry) throws SourceException {
    String name = SourceValidation.githubRepo(repo.getRepo());
    String path = SourceValidation.path(entry.path());
    String blobSha = SourceValidation.blobSha(entry.blobSha(), "blobSha");
    checkSize(path, entry.sizeBytes());
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
      new FileBlob(path, blobSha, bytes).verified();
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
    return webUrl + "/" + repo.getRepo() + "/blob/" + repo.getCommitSha() + "/" + UrlPaths.encode(path) + anchor;
  }

  @Override
  public String via() {
    return VIA;
  }

  @Override
  public void close() {
    repositories.invalidateAll();
    http.shutdownNow();
  }

  /** The repository through the client allowed for it: with the token only where the policy says so. */
  private GHRepository repository(String name, boolean refresh) throws SourceException {
    GHRepository known = refresh ? null : repositories.getIfPresent(name);
    if (known != null) {
      return known;
    }
    boolean token = authenticatedFor(name);
    try {
      GHRepository repository = (token ? withToken : anonymous).getRepository(name);
      repositories.put(name, repository);
      return repository;
    } catch (IOException e) {
      String hint = token ? ""
          : withToken == null ? " (a private repository needs " + TOKEN_VARIABLE + ")"
          : " (read anonymously: " + SourcePolicy.GITHUB_TOKEN_REPOS + " does not include it)";
      throw GitHubErrors.map(e, "repository '" + name + "' not found" + hint, "repo", limits.callTimeout());
    }
  }

  /** A commit's tree on GitHub, read one way or another; a symlink's target always comes from its blob. */
  private abstract class CommitTree implements Symlinks.Tree {
    final GHRepository repository;
    final String name;
    final String commit;

    CommitTree(GHRepository repository, String name, String commit) {
      this.repository = repository;
      this.name = name;
      this.commit = commit;
    }

    /** A symlink's stored target (a few bytes; the size was checked by {@link Symlinks}). */
    @Override
    public byte[] target(Symlinks.Entry link) throws SourceException {
      try (InputStream in = repository.getBlob(link.sha()).read()) {
        return in.readNBytes(Symlinks.MAX_TARGET_BYTES);
      } catch (IOException e) {
        throw GitHubErrors.map(e, "blob " + link.sha() + " of '" + link.path() + "' not found in repository " + name,
            "path", limits.callTimeout());
      }
    }
  }

  /** The tree as the contents API lists it, one directory per call, without content. */
  private final class ListedTree extends CommitTree {
    private GitTree trees;

    ListedTree(GHRepository repository, String name, String commit) {
      super(repository, name, commit);
    }

    @Override
    public Symlinks.Entry entry(String path) throws SourceException {
      int slash = path.lastIndexOf('/');
      String directory = slash < 0 ? "" : path.substring(0, slash);
      String fileName = path.substring(slash + 1);
      List<GHContent> listing;
      try {
        listing = repository.getDirectoryContent(directory, commit);
      } catch (IOException e) {
        int status = GitHubErrors.status(e);
        // 404: no such directory; 2xx that is not a listing: the "directory" is a file.
        if (status == 404 || status / 100 == 2) {
          return null;
        }
        throw GitHubErrors.map(e, Symlinks.notFound(path, null).getMessage(), "path", limits.callTimeout());
      }
      for (GHContent content : listing) {
        if (fileName.equals(content.getName())) {
          Symlinks.Type type = switch (String.valueOf(content.getType())) {
            case "file" -> Symlinks.Type.FILE;
            case "symlink" -> Symlinks.Type.SYMLINK;
            default -> Symlinks.Type.OTHER;
          };
          return new Symlinks.Entry(path, type, content.getSha(), content.getSize());
        }
      }
      if (listing.size() >= MAX_LISTED_ENTRIES) {
        if (trees == null) {
          trees = new GitTree(repository, name, commit);
        }
        return trees.entry(path);
      }
      return null;
    }
  }

  /** The tree as the git trees API gives it: one recursive listing, walked level by level if truncated. */
  private final class GitTree extends CommitTree {
    private GHTree recursive;

    GitTree(GHRepository repository, String name, String commit) {
      super(repository, name, commit);
    }

    @Override
    public Symlinks.Entry entry(String path) throws SourceException {
      try {
        if (recursive == null) {
          recursive = repository.getTreeRecursive(commit, 1);
        }
        for (GHTreeEntry entry : recursive.getTree()) {
          if (path.equals(entry.getPath())) {
            return new Symlinks.Entry(path, type(entry), entry.getSha(), entry.getSize());
          }
        }
        return recursive.isTruncated() ? walk(path) : null;
      } catch (IOException e) {
        throw GitHubErrors.map(e, commitNotFoundMessage(name, commit), "commitSha", limits.callTimeout());
      }
    }

    private Symlinks.Entry walk(String path) throws IOException {
      String[] segments = path.split("/");
      GHTree tree = repository.getTree(commit);
      for (int i = 0; i < segments.length; i++) {
        GHTreeEntry found = null;
        for (GHTreeEntry entry : tree.getTree()) {
          if (segments[i].equals(entry.getPath())) {
            found = entry;
          }
        }
        if (found == null) {
          return null;
        }
        if (i == segments.length - 1) {
          return new Symlinks.Entry(path, type(found), found.getSha(), found.getSize());
        }
        if (!"tree".equals(found.getType())) {
          return null;
        }
        tree = repository.getTree(found.getSha());
      }
      return null;
    }
  }

  /** Git's modes: 100644/100755 files, 120000 symlinks; trees (040000) and submodules (160000) are neither. */
  private static Symlinks.Type type(GHTreeEntry entry) {
    return switch (entry.getMode()) {
      case "100644", "100755" -> Symlinks.Type.FILE;
      case "120000" -> Symlinks.Type.SYMLINK;
      default -> Symlinks.Type.OTHER;
    };
  }

  private FileBlob text(String path, String blobSha, byte[] bytes) throws SourceException {
    if (SourceLimits.looksBinary(bytes)) {
      throw new SourceException(SourceException.Kind.NOT_TEXT, "file '" + path + "' is binary", "path", null, null);
    }
    return new FileBlob(path, blobSha, bytes);
  }

  private void checkSize(String path, long size) throws SourceException {
    if (size > limits.maxFileBytes()) {
      throw SourceLimits.tooLarge(path, size, limits.maxFileBytes());
    }
  }

  private static String commitSha(RepoRef repo) throws SourceException {
    return SourceValidation.commitSha(repo.getCommitSha(), "commitSha");
  }

  private static String commitNotFoundMessage(String name, String commit) {
    return "commit " + commit + " not found in repository " + name;
  }
}
