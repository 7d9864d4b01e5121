package dev.orkestra.extractor;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Candidate;
import dev.orkestra.events.query.Excerpt;
import dev.orkestra.events.query.ExtractionCompleted;
import dev.orkestra.events.query.ExtractionRequested;
import dev.orkestra.events.query.ReadStatus;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.runtime.InvalidRequestException;
import dev.orkestra.runtime.TransientFailureException;
import dev.orkestra.runtime.source.GitHubApiStub;
import dev.orkestra.runtime.source.GitRepoBuilder;
import dev.orkestra.runtime.source.RoutingSourceReader;
import dev.orkestra.runtime.source.SourceLimits;
import dev.orkestra.runtime.source.SourcePolicy;
import dev.orkestra.runtime.source.SourceReaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The extractor's reads against real git repositories (and the GitHub API stub for its failures). */
class ExtractionHandlerTest {

  private static final String SERVER_PY = IntStream.rangeClosed(1, 80).mapToObj(i -> "line " + i + " of server.py")
      .collect(Collectors.joining("\n", "", "\n"));
  private static final String README = "# Demo\r\n\r\nWindows line endings.\r\n";

  @TempDir
  Path tmp;

  private GitRepoBuilder repo;
  private String commit;
  private RoutingSourceReader reader;
  private ExtractionHandler handler;

  @BeforeEach
  void buildRepository() {
    repo = GitRepoBuilder.init(tmp.resolve("work"));
    commit = repo.file("README.md", README)
        .file("backend/server.py", SERVER_PY)
        .file("logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1})
        .file("latin1.txt", "caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1))
        .file("big.txt", "x".repeat(4096))
        .commit("first");
    reader = SourceReaders.create(tmp.resolve("state"), new SourceLimits(2048, Duration.ofSeconds(5)),
        SourcePolicy.localRoots(tmp), name -> null);
    handler = new ExtractionHandler(reader);
  }

  @AfterEach
  void close() {
    reader.close();
    repo.close();
  }

  @Test
  void readsTheWholeFileVerbatim() throws Exception {
    ExtractionCompleted result = extract(local(), "README.md", null, null);

    assertThat(result.getStatus()).isEqualTo(ReadStatus.OK);
    assertThat(result.getFailureReason()).isNull();
    assertThat(result.getReadVia()).isEqualTo("jgit");
    Excerpt excerpt = result.getExcerpt();
    assertThat(excerpt.getText()).isEqualTo(README);
    assertThat(excerpt.getStartLine()).isNull();
    assertThat(excerpt.getEndLine()).isNull();
    assertThat(excerpt.getLineCount()).isEqualTo(3);
    assertThat(excerpt.getSizeBytes()).isEqualTo(README.length());
    assertThat(excerpt.getBlobSha()).isEqualTo(GitRepoBuilder.blobSha(README));
    assertThat(excerpt.getUrl()).endsWith("/README.md@" + commit);
  }

  @Test
  void readsLines45To60Exactly() throws Exception {
    ExtractionCompleted result = extract(local(), "backend/server.py", 45, 60);

    String expected = IntStream.rangeClosed(45, 60).mapToObj(i -> "line " + i + " of server.py")
        .collect(Collectors.joining("\n"));
    assertThat(result.getStatus()).isEqualTo(ReadStatus.OK);
    assertThat(result.getExcerpt().getText()).isEqualTo(expected);
    assertThat(result.getExcerpt().getStartLine()).isEqualTo(45);
    assertThat(result.getExcerpt().getEndLine()).isEqualTo(60);
    assertThat(result.getExcerpt().getLineCount()).isEqualTo(80);
    assertThat(result.getExcerpt().getBlobSha()).isEqualTo(GitRepoBuilder.blobSha(SERVER_PY));
    assertThat(result.getExcerpt().getUrl()).endsWith("/backend/server.py@" + commit + "#L45-L60");
  }

  @Test
  void keepsCarriageReturnsOfARange() throws Exception {
    assertThat(extract(local(), "README.md", 1, 2).getExcerpt().getText()).isEqualTo("# Demo\r\n\r");
  }

  @Test
  void aMissingPathIsNotFoundNamingThePath() throws Exception {
    ExtractionCompleted result = extract(local(), "nonexistent/file.js", null, null);

    assertThat(result.getStatus()).isEqualTo(ReadStatus.NOT_FOUND);
    assertThat(result.getFailureReason()).isEqualTo("file not found at path 'nonexistent/file.js'");
    assertThat(result.getExcerpt()).isNull();
  }

  @Test
  void aRangeBeyondTheFileIsOutOfRangeNamingTheLineCount() throws Exception {
    ExtractionCompleted result = extract(local(), "README.md", 2, 60);

    assertThat(result.getStatus()).isEqualTo(ReadStatus.OUT_OF_RANGE);
    assertThat(result.getFailureReason()).isEqualTo("lines 2-60 are outside 'README.md', which has 3 lines");
    assertThat(extract(local(), "backend/server.py", 81, 81).getFailureReason())
        .isEqualTo("line 81 is outside 'backend/server.py', which has 80 lines");
  }

  @Test
  void binaryUndecodableAndOversizedFilesAreNotText() throws Exception {
    assertThat(extract(local(), "logo.png", null, null))
        .satisfies(r -> assertThat(r.getStatus()).isEqualTo(ReadStatus.NOT_TEXT))
        .satisfies(r -> assertThat(r.getFailureReason()).isEqualTo("file 'logo.png' is binary"));
    assertThat(extract(local(), "latin1.txt", null, null))
        .satisfies(r -> assertThat(r.getStatus()).isEqualTo(ReadStatus.NOT_TEXT))
        .satisfies(r -> assertThat(r.getFailureReason()).isEqualTo("file 'latin1.txt' is not valid UTF-8 text"));
    assertThat(extract(local(), "big.txt", 1, 1))
        .satisfies(r -> assertThat(r.getStatus()).isEqualTo(ReadStatus.NOT_TEXT))
        .satisfies(r -> assertThat(r.getFailureReason()).isEqualTo("file 'big.txt' is 4096 bytes, above the 2048-byte limit"));
  }

  @Test
  void invalidRequestsFailNamingTheField() {
    assertThatThrownBy(() -> extract(local(), "../etc/passwd", null, null))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).isEqualTo("candidate.path");
          assertThat(e.getMessage()).isEqualTo(
              "invalid candidate.path: must not contain '.', '..' or empty segments, was '../etc/passwd'");
        });
    assertThatThrownBy(() -> extract(local(), "README.md", 5, 3))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("candidate.endLine"));
    assertThatThrownBy(() -> extract(local(), "README.md", 0, 3))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("candidate.startLine"));
    RepoRef unresolved = RepoRef.newBuilder(local()).setCommitSha(null).build();
    assertThatThrownBy(() -> extract(unresolved, "README.md", null, null))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getMessage())
            .isEqualTo("invalid repo.commitSha: must be the resolved 40-character commit SHA, was nothing"));
  }

  @Test
  void gitHubDenialsAndRateLimitsAreResultsAndTimeoutsAreRetried() throws Exception {
    String sha = GitHubApiStub.fakeSha("gh-head");
    // The files exist (listed, so their size is known first); reading their content is what fails.
    try (GitHubApiStub api = GitHubApiStub.start().repository("octo/demo", "main")
            .textFiles("octo/demo", sha, Map.of("private.py", "x\n", "limited.py", "x\n", "slow.py", "x\n"));
        RoutingSourceReader github = SourceReaders.create(tmp.resolve("gh"),
            // 1 s, not less: on a loaded 2-core machine a cold JVM's first exchange can take a few hundred ms.
            new SourceLimits(2048, Duration.ofMillis(1000)), SourcePolicy.none(),
            Map.of("GITHUB_API_URL", api.apiUrl())::get)) {
      ExtractionHandler extractor = new ExtractionHandler(github);
      RepoRef repoRef = new RepoRef(RepoKind.GITHUB, "octo/demo", "main", sha);
      api.stub(get(urlPathMatching("/repos/octo/demo/contents/private.py"))
              .willReturn(GitHubApiStub.error(403, "Resource not accessible by integration")))
          .stub(get(urlPathMatching("/repos/octo/demo/contents/limited.py"))
              .willReturn(GitHubApiStub.error(403, "API rate limit exceeded").withHeader("X-RateLimit-Remaining", "0")
                  .withHeader("X-RateLimit-Reset", "1893456000")))
          .stub(get(urlPathMatching("/repos/octo/demo/contents/slow.py")).willReturn(okJson("{}").withFixedDelay(3000)));

      ExtractionCompleted denied = extractor.extract(request(repoRef, "private.py", null, null), reply());
      assertThat(denied.getStatus()).isEqualTo(ReadStatus.ACCESS_DENIED);
      assertThat(denied.getFailureReason()).isEqualTo("access denied or requires authentication");
      assertThat(denied.getReadVia()).isEqualTo("github-api");

      ExtractionCompleted limited = extractor.extract(request(repoRef, "limited.py", null, null), reply());
      assertThat(limited.getStatus()).isEqualTo(ReadStatus.RATE_LIMITED);
      assertThat(limited.getFailureReason()).isEqualTo("GitHub API rate limit exceeded. Resets at 2030-01-01T00:00:00Z");

      assertThatThrownBy(() -> extractor.extract(request(repoRef, "slow.py", null, null), reply()))
          .isInstanceOf(TransientFailureException.class)
          .hasMessage("GitHub API call timed out after 1000 ms");
    }
  }

  // ---- helpers ----

  private ExtractionCompleted extract(RepoRef repoRef, String path, Integer start, Integer end) throws Exception {
    return handler.extract(request(repoRef, path, start, end), reply());
  }

  private static ExtractionRequested request(RepoRef repoRef, String path, Integer start, Integer end) {
    return ExtractionRequested.newBuilder()
        .setEnvelope(Envelopes.start("q1", "test"))
        .setRepo(repoRef)
        .setCandidate(Candidate.newBuilder().setCandidateId("q1-c1").setPath(path).setStartLine(start).setEndLine(end)
            .build())
        .build();
  }

  private static Envelope reply() {
    return Envelopes.reply(Envelopes.start("q1", "test"), "extractor@test");
  }

  private RepoRef local() {
    return new RepoRef(RepoKind.LOCAL, repo.dir().toString(), "main", commit);
  }
}
