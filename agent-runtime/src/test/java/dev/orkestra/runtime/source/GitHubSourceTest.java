package dev.orkestra.runtime.source;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GitHubSource against a WireMock GitHub API: success paths, every error mapping, and no token leaks. */
class GitHubSourceTest {

  private static final String TOKEN = "ghp_TestTokenThatMustNeverLeak0123456789";
  private static final String REPO = "octo/demo";
  private static final String COMMIT = GitHubApiStub.fakeSha("main-head");
  private static final String OLD_COMMIT = GitHubApiStub.fakeSha("v1");
  private static final String SERVER_PY = "import os\r\n\r\ndef login(user):\n    return user\n";
  private static final Instant NOW = Instant.parse("2029-12-31T23:00:00Z");

  private GitHubApiStub api;
  private GitHubSource source;
  private final List<String> messages = new ArrayList<>();

  @BeforeEach
  void startApi() {
    api = GitHubApiStub.start()
        .repository(REPO, "main")
        .ref(REPO, "main", COMMIT)
        .ref(REPO, "v1", OLD_COMMIT)
        .ref(REPO, COMMIT, COMMIT)
        .textFiles(REPO, COMMIT, Map.of("README.md", "# Demo\n", "backend/server.py", SERVER_PY,
            "docs/a b.md", "spaced\n"));
    source = source(Duration.ofSeconds(5), name -> name.equals("GITHUB_TOKEN") ? TOKEN : null);
  }

  @AfterEach
  void stopApi() {
    source.close();
    api.close();
    assertThat(messages).allSatisfy(message -> assertThat(message).doesNotContain(TOKEN).doesNotContain("TestToken"));
  }

  @Test
  void resolvesTheDefaultBranchTagsAndShasToTheFullCommitSha() throws Exception {
    assertThat(source.resolve(repo(null, null))).isEqualTo(new ResolvedRef("main", COMMIT));
    assertThat(source.resolve(repo("v1", null))).isEqualTo(new ResolvedRef("v1", OLD_COMMIT));
    assertThat(source.resolve(repo(COMMIT, null)).commitSha()).isEqualTo(COMMIT);
  }

  @Test
  void readsAFileAtTheCommitThroughTheContentsApiWithTheToken() throws Exception {
    FileBlob blob = source.read(atCommit(), "backend/server.py");

    assertThat(blob.content()).isEqualTo(SERVER_PY.getBytes(StandardCharsets.UTF_8));
    assertThat(blob.blobSha()).isEqualTo(GitRepoBuilder.blobSha(SERVER_PY));
    assertThat(source.read(atCommit(), "docs/a b.md").text()).isEqualTo("spaced\n");
    api.server().verify(getRequestedFor(urlPathEqualTo("/repos/octo/demo/contents/backend/server.py"))
        .withQueryParam("ref", equalTo(COMMIT))
        .withHeader("Authorization", equalTo("token " + TOKEN)));
    assertThat(source.via()).isEqualTo("github-api");
    assertThat(source.authenticatedFor(REPO)).isTrue();
  }

  @Test
  void readsAnonymouslyWithoutAToken() throws Exception {
    GitHubSource anonymous = source(Duration.ofSeconds(5), name -> null);
    assertThat(anonymous.read(atCommit(), "README.md").text()).isEqualTo("# Demo\n");
    assertThat(anonymous.authenticatedFor(REPO)).isFalse();
    api.server().verify(getRequestedFor(urlPathEqualTo("/repos/octo/demo/contents/README.md"))
        .withHeader("Authorization", absent()));
    anonymous.close();
  }

  @Test
  void sendsTheTokenOnlyForRepositoriesThePolicyAllows() throws Exception {
    GitHubSource elsewhere = source(Duration.ofSeconds(5), name -> name.equals("GITHUB_TOKEN") ? TOKEN : null,
        SourceLimits.DEFAULT.maxFileBytes(), SourcePolicy.none().withGithubTokenRepos("someone-else/*", "octo/other"));
    api.stub(get(urlPathEqualTo("/repos/octo/private")).willReturn(GitHubApiStub.error(404, "Not Found")));

    assertThat(elsewhere.authenticatedFor(REPO)).isFalse();
    assertThat(elsewhere.read(atCommit(), "README.md").text()).isEqualTo("# Demo\n");
    // (github-api sends the token once to /user when the client is built, to learn its login.)
    api.server().verify(0, getRequestedFor(urlPathMatching("/repos/.*")).withHeader("Authorization", equalTo("token " + TOKEN)));
    expect(() -> elsewhere.resolve(new RepoRef(RepoKind.GITHUB, "octo/private", null, null)),
        SourceException.Kind.NOT_FOUND,
        "repository 'octo/private' not found (read anonymously: orkestra.sources.github.token.repos does not include it)");
    elsewhere.close();
  }

  @Test
  void honoursAPinnedCommitAndKeepsTheRefAsGiven() throws Exception {
    String abbreviated = OLD_COMMIT.substring(0, 10);
    api.ref(REPO, OLD_COMMIT, OLD_COMMIT).ref(REPO, abbreviated, OLD_COMMIT)
        .stub(get(urlPathEqualTo("/repos/octo/demo/commits/" + GitHubApiStub.fakeSha("nowhere")))
            .willReturn(GitHubApiStub.error(422, "No commit found for SHA")));

    assertThat(source.resolve(repo("main", OLD_COMMIT))).isEqualTo(new ResolvedRef("main", OLD_COMMIT));
    assertThat(source.resolve(repo(null, abbreviated.toUpperCase()))).isEqualTo(new ResolvedRef(null, OLD_COMMIT));
    expect(() -> source.resolve(repo("main", GitHubApiStub.fakeSha("nowhere"))), SourceException.Kind.NOT_FOUND,
        "commit " + GitHubApiStub.fakeSha("nowhere") + " not found in repository octo/demo");
    api.server().verify(0, getRequestedFor(urlPathEqualTo("/repos/octo/demo/commits/main")));
  }

  @Test
  void followsSymlinksInsideTheRepositoryAsTheContentsApiDoes() throws Exception {
    api.files(REPO, COMMIT, Map.of("README.md", "# Demo\n".getBytes(StandardCharsets.UTF_8)), Map.of(
        "docs/readme-link.md", "../README.md", "docs/chain.md", "readme-link.md", "escape", "../../etc/passwd",
        "dangling", "docs/missing.md", "loop-a", "loop-b", "loop-b", "loop-a"));
    String readme = GitRepoBuilder.blobSha("# Demo\n");

    for (String link : List.of("docs/readme-link.md", "docs/chain.md")) {
      FileBlob extracted = source.read(atCommit(), link);
      FileEntry entry = source.entryAt(atCommit(), link);
      FileBlob verified = source.readBlob(atCommit(), entry);
      assertThat(extracted.text()).as(link).isEqualTo("# Demo\n");
      assertThat(extracted.blobSha()).isEqualTo(readme);
      assertThat(entry.blobSha()).isEqualTo(readme);
      assertThat(verified.text()).isEqualTo(extracted.text());
    }
    expect(() -> source.read(atCommit(), "escape"), SourceException.Kind.NOT_FOUND,
        "file not found at path 'escape' (a symlink to '../../etc/passwd', outside the repository)");
    expect(() -> source.entryAt(atCommit(), "escape"), SourceException.Kind.NOT_FOUND,
        "file not found at path 'escape' (a symlink to '../../etc/passwd', outside the repository)");
    expect(() -> source.read(atCommit(), "dangling"), SourceException.Kind.NOT_FOUND,
        "file not found at path 'dangling' (a symlink to 'docs/missing.md', which is not a file at the commit)");
    expect(() -> source.entryAt(atCommit(), "loop-a"), SourceException.Kind.NOT_FOUND,
        "file not found at path 'loop-a' (more than 8 symlinks in a row)");
    assertThat(source.list(atCommit())).extracting(FileEntry::path).containsExactly("README.md");
  }

  @Test
  void refusesAFileAboveTheLimitBeforeFetchingItsContent() {
    long fiveMegabytes = 5L * 1024 * 1024;
    String hugeSha = GitHubApiStub.fakeSha("huge");
    api.stub(get(urlPathMatching("/repos/octo/demo/contents/?")).withQueryParam("ref", equalTo(COMMIT)).atPriority(1)
            .willReturn(okJson("[{\"type\":\"file\",\"name\":\"huge.log\",\"path\":\"huge.log\",\"sha\":\""
                + hugeSha + "\",\"size\":" + fiveMegabytes + "}]")))
        .stub(get(urlPathEqualTo("/repos/octo/demo/git/trees/" + COMMIT)).atPriority(1)
            .willReturn(okJson("{\"sha\":\"t\",\"truncated\":false,\"tree\":[{\"path\":\"huge.log\",\"type\":\"blob\","
                + "\"mode\":\"100644\",\"size\":" + fiveMegabytes + ",\"sha\":\"" + hugeSha + "\"}]}")));
    String refused = "file 'huge.log' is 5242880 bytes, above the 921600-byte limit";

    expect(() -> source.read(atCommit(), "huge.log"), SourceException.Kind.TOO_LARGE, refused);
    expect(() -> source.readBlob(atCommit(), source.entryAt(atCommit(), "huge.log")), SourceException.Kind.TOO_LARGE,
        refused);
    api.server().verify(0, getRequestedFor(urlPathEqualTo("/repos/octo/demo/contents/huge.log")));
    api.server().verify(0, getRequestedFor(urlPathMatching("/repos/octo/demo/git/blobs/.*")));
  }

  @Test
  void aBodyThatTricklesPastTheCallTimeoutIsATimeout() {
    // 1 s, not less: on a loaded 2-core machine a cold JVM's first exchange can take a few hundred ms.
    GitHubSource impatient = source(Duration.ofMillis(1000), name -> TOKEN);
    api.stub(get(urlPathEqualTo("/repos/octo/demo/contents/README.md")).atPriority(1)
        .willReturn(okJson("{\"type\":\"file\",\"encoding\":\"base64\",\"size\":7,\"name\":\"README.md\","
            + "\"path\":\"README.md\",\"sha\":\"" + GitRepoBuilder.blobSha("# Demo\n") + "\",\"content\":\"IyBEZW1vCg==\"}")
            .withChunkedDribbleDelay(20, 4_000)));

    expect(() -> impatient.read(atCommit(), "README.md"), SourceException.Kind.TIMEOUT,
        "GitHub API call timed out after 1000 ms");
    impatient.close();
  }

  @Test
  void listsBlobsOfTheCommitFromTheTreesApi() throws Exception {
    assertThat(source.list(atCommit()))
        .containsExactlyInAnyOrder(
            new FileEntry("README.md", GitRepoBuilder.blobSha("# Demo\n"), 7),
            new FileEntry("backend/server.py", GitRepoBuilder.blobSha(SERVER_PY), SERVER_PY.length()),
            new FileEntry("docs/a b.md", GitRepoBuilder.blobSha("spaced\n"), 7));
  }

  @Test
  void readsByBlobShaThroughTheGitDataApiNotTheContentsApi() throws Exception {
    FileEntry entry = source.entryAt(atCommit(), "backend/server.py");
    FileBlob blob = source.readBlob(atCommit(), entry);

    assertThat(entry.blobSha()).isEqualTo(GitRepoBuilder.blobSha(SERVER_PY));
    assertThat(blob.text()).isEqualTo(SERVER_PY);
    api.server().verify(getRequestedFor(urlPathEqualTo("/repos/octo/demo/git/trees/" + COMMIT)));
    api.server().verify(getRequestedFor(urlPathEqualTo("/repos/octo/demo/git/blobs/" + entry.blobSha())));
    api.server().verify(0, getRequestedFor(urlPathMatching("/repos/octo/demo/contents/.*")));
  }

  @Test
  void findsAPathByWalkingTheTreeWhenGitHubTruncatedTheRecursiveListing() throws Exception {
    String dirSha = GitHubApiStub.fakeSha("backend-dir");
    String blobSha = GitRepoBuilder.blobSha(SERVER_PY);
    api.stub(get(urlPathEqualTo("/repos/octo/demo/git/trees/" + COMMIT)).withQueryParam("recursive", equalTo("1"))
            .willReturn(okJson("{\"sha\":\"t\",\"truncated\":true,\"tree\":[]}")).atPriority(1))
        .stub(get(urlPathEqualTo("/repos/octo/demo/git/trees/" + COMMIT)).withQueryParam("recursive", absent())
            .willReturn(okJson("{\"sha\":\"t\",\"truncated\":false,\"tree\":[{\"path\":\"backend\",\"type\":\"tree\","
                + "\"mode\":\"040000\",\"sha\":\"" + dirSha + "\"}]}")))
        .stub(get(urlPathEqualTo("/repos/octo/demo/git/trees/" + dirSha))
            .willReturn(okJson("{\"sha\":\"" + dirSha + "\",\"truncated\":false,\"tree\":[{\"path\":\"server.py\","
                + "\"type\":\"blob\",\"mode\":\"100644\",\"size\":" + SERVER_PY.length() + ",\"sha\":\"" + blobSha + "\"}]}")));

    assertThat(source.entryAt(atCommit(), "backend/server.py"))
        .isEqualTo(new FileEntry("backend/server.py", blobSha, SERVER_PY.length()));
    expect(() -> source.entryAt(atCommit(), "backend/missing.py"), SourceException.Kind.NOT_FOUND,
        "file not found at path 'backend/missing.py'");
  }

  @Test
  void buildsPermalinksAtTheCommit() {
    assertThat(source.url(atCommit(), "backend/server.py", 45, 60))
        .isEqualTo("https://github.com/octo/demo/blob/" + COMMIT + "/backend/server.py#L45-L60");
    assertThat(source.url(atCommit(), "docs/a b.md", null, null))
        .isEqualTo("https://github.com/octo/demo/blob/" + COMMIT + "/docs/a%20b.md");
  }

  @Test
  void unauthorizedIsAccessDeniedWithoutTheToken() {
    api.stub(get(anyUrl()).willReturn(GitHubApiStub.error(401, "Bad credentials")).atPriority(1));
    expect(() -> source.resolve(repo(null, null)), SourceException.Kind.ACCESS_DENIED,
        "access denied or requires authentication");
  }

  @Test
  void forbiddenWithoutRateLimitIsAccessDenied() {
    api.stub(get(urlPathMatching("/repos/octo/demo/contents/.*")).atPriority(1).willReturn(
        GitHubApiStub.error(403, "Resource not accessible by integration").withHeader("X-RateLimit-Remaining", "4999")));
    expect(() -> source.read(atCommit(), "README.md"), SourceException.Kind.ACCESS_DENIED,
        "access denied or requires authentication");
  }

  @Test
  void notFoundNamesThePathTheRefOrTheRepository() {
    api.stub(get(urlPathEqualTo("/repos/octo/demo/contents/nonexistent/file.js"))
            .willReturn(GitHubApiStub.error(404, "Not Found")))
        .stub(get(urlPathEqualTo("/repos/octo/demo/commits/no-such-branch"))
            .willReturn(GitHubApiStub.error(422, "No commit found for SHA: no-such-branch")))
        .stub(get(urlPathEqualTo("/repos/octo/private")).willReturn(GitHubApiStub.error(404, "Not Found")));

    expect(() -> source.read(atCommit(), "nonexistent/file.js"), SourceException.Kind.NOT_FOUND,
        "file not found at path 'nonexistent/file.js'");
    expect(() -> source.read(atCommit(), "backend"), SourceException.Kind.NOT_FOUND,
        "file not found at path 'backend'");
    expect(() -> source.resolve(repo("no-such-branch", null)), SourceException.Kind.NOT_FOUND,
        "ref 'no-such-branch' not found in repository octo/demo");
    expect(() -> source.resolve(new RepoRef(RepoKind.GITHUB, "octo/private", null, null)), SourceException.Kind.NOT_FOUND,
        "repository 'octo/private' not found");
  }

  @Test
  void rateLimitIsReportedWithItsResetTime() {
    api.stub(get(urlPathMatching("/repos/octo/demo/contents/.*")).atPriority(1).willReturn(
        GitHubApiStub.error(403, "API rate limit exceeded for 203.0.113.7.")
            .withHeader("X-RateLimit-Limit", "60").withHeader("X-RateLimit-Remaining", "0")
            .withHeader("X-RateLimit-Reset", "1893456000")));

    SourceException e = expect(() -> source.read(atCommit(), "README.md"), SourceException.Kind.RATE_LIMITED,
        "GitHub API rate limit exceeded. Resets at 2030-01-01T00:00:00Z");
    assertThat(e.resetAt()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
  }

  @Test
  void secondaryRateLimitUsesRetryAfter() {
    api.stub(get(urlPathMatching("/repos/octo/demo/git/blobs/.*")).atPriority(1).willReturn(
        GitHubApiStub.error(429, "You have exceeded a secondary rate limit").withHeader("Retry-After", "120")));

    SourceException e = expect(() -> source.readBlob(atCommit(), new FileEntry("README.md",
            GitRepoBuilder.blobSha("# Demo\n"), 7)),
        SourceException.Kind.RATE_LIMITED, "GitHub API rate limit exceeded. Resets at 2029-12-31T23:02:00Z");
    assertThat(e.resetAt()).isEqualTo(NOW.plusSeconds(120));
  }

  @Test
  void aResponseSlowerThanTheCallTimeoutIsATimeout() {
    GitHubSource impatient = source(Duration.ofMillis(1000), name -> TOKEN);
    api.stub(get(urlPathEqualTo("/repos/octo/demo/contents/README.md")).atPriority(1)
        .willReturn(okJson("{}").withFixedDelay(3_000)));

    expect(() -> impatient.read(atCommit(), "README.md"), SourceException.Kind.TIMEOUT,
        "GitHub API call timed out after 1000 ms");
    impatient.close();
  }

  @Test
  void serverErrorsAreFailuresThatMayPass() {
    api.stub(get(urlPathEqualTo("/repos/octo/demo/git/trees/" + COMMIT)).atPriority(1)
        .willReturn(GitHubApiStub.error(502, "Bad Gateway " + TOKEN)));
    SourceException e = expect(() -> source.list(atCommit()), SourceException.Kind.FAILED,
        "GitHub API request failed (HTTP 502)");
    assertThat(ReadStatuses.isTransient(e.kind())).isTrue();
  }

  @Test
  void refusesBinaryLargeAndCorruptContent() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1};
    api.files(REPO, COMMIT, Map.of("logo.png", png, "big.txt", "x".repeat(2048).getBytes(StandardCharsets.UTF_8)));
    String wrongSha = GitHubApiStub.fakeSha("not the content's sha");
    api.stub(get(urlPathEqualTo("/repos/octo/demo/git/blobs/" + wrongSha)).willReturn(okJson(
        "{\"sha\":\"" + wrongSha + "\",\"size\":5,\"encoding\":\"base64\",\"content\":\"aGVsbG8=\"}")));
    GitHubSource small = source(Duration.ofSeconds(5), name -> TOKEN, 1024);

    expect(() -> small.read(atCommit(), "logo.png"), SourceException.Kind.NOT_TEXT, "file 'logo.png' is binary");
    expect(() -> small.read(atCommit(), "big.txt"), SourceException.Kind.TOO_LARGE,
        "file 'big.txt' is 2048 bytes, above the 1024-byte limit");
    expect(() -> small.readBlob(atCommit(), new FileEntry("logo.png", GitHubApiStub.gitBlobSha(png), png.length)),
        SourceException.Kind.NOT_TEXT, "file 'logo.png' is binary");
    expect(() -> small.readBlob(atCommit(), new FileEntry("hello.txt", wrongSha, 5)), SourceException.Kind.FAILED,
        "blob " + wrongSha + " of 'hello.txt' does not hash to its SHA");
    small.close();
  }

  @Test
  void validatesRepositoryPathAndCommitBeforeCallingGitHub() {
    expect(() -> source.read(new RepoRef(RepoKind.GITHUB, "not a repo", null, COMMIT), "README.md"),
        SourceException.Kind.INVALID, "invalid repo: expected owner/name (letters, digits, '-', '.', '_'), was 'not a repo'");
    expect(() -> source.read(atCommit(), "../etc/passwd"), SourceException.Kind.INVALID,
        "invalid path: must not contain '.', '..' or empty segments, was '../etc/passwd'");
    expect(() -> source.read(repo("main", null), "README.md"), SourceException.Kind.INVALID,
        "invalid commitSha: must be the resolved 40-character commit SHA, was nothing");
    api.server().verify(0, getRequestedFor(urlPathMatching("/repos/.*/contents/.*")));
  }

  @Test
  void rateLimitResetPrefersRetryAfterThenTheResetHeader() {
    assertThat(GitHubRateLimits.resetAt("1893456000", null, NOW)).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
    assertThat(GitHubRateLimits.resetAt("1893456000", "30", NOW)).isEqualTo(NOW.plusSeconds(30));
    assertThat(GitHubRateLimits.resetAt(null, "Wed, 21 Oct 2015 07:28:00 GMT", NOW)).isEqualTo(NOW.plusSeconds(60));
    assertThat(GitHubRateLimits.resetAt("", null, NOW.plusMillis(400))).isEqualTo(NOW.plusSeconds(60));
  }

  // ---- helpers ----

  private GitHubSource source(Duration timeout, Function<String, String> env) {
    return source(timeout, env, SourceLimits.DEFAULT.maxFileBytes());
  }

  private GitHubSource source(Duration timeout, Function<String, String> env, long maxBytes) {
    return source(timeout, env, maxBytes, SourcePolicy.none().withGithubTokenRepos("octo/*"));
  }

  private GitHubSource source(Duration timeout, Function<String, String> env, long maxBytes, SourcePolicy policy) {
    return new GitHubSource(api.apiUrl(), GitHubSource.DEFAULT_WEB_URL, new SourceLimits(maxBytes, timeout), policy,
        env, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private SourceException expect(ThrowingCallable call, SourceException.Kind kind, String message) {
    SourceException[] caught = new SourceException[1];
    assertThatThrownBy(call).isInstanceOfSatisfying(SourceException.class, e -> {
      caught[0] = e;
      for (Throwable t = e; t != null; t = t.getCause()) {
        messages.add(String.valueOf(t));
      }
      assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
      assertThat(e.getMessage()).isEqualTo(message);
    });
    return caught[0];
  }

  private static RepoRef repo(String ref, String commit) {
    return new RepoRef(RepoKind.GITHUB, REPO, ref, commit);
  }

  private static RepoRef atCommit() {
    return repo("main", COMMIT);
  }
}
