package dev.orkestra.verifier;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Excerpt;
import dev.orkestra.events.query.ReadStatus;
import dev.orkestra.events.query.VerificationCompleted;
import dev.orkestra.events.query.VerificationRequested;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.runtime.InvalidRequestException;
import dev.orkestra.runtime.TransientFailureException;
import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.source.GitHubApiStub;
import dev.orkestra.runtime.source.GitRepoBuilder;
import dev.orkestra.runtime.source.LineRange;
import dev.orkestra.runtime.source.SourcePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verifier's independent re-read and exact comparison against real git repositories and the GitHub API stub. */
class VerificationHandlerTest {

  private static final String SERVER_PY = lines(80, 0);

  @TempDir
  Path tmp;

  private GitRepoBuilder repo;
  private String extractedAt;
  private IndependentReader reader;
  private VerificationHandler handler;

  @BeforeEach
  void buildRepository() {
    repo = GitRepoBuilder.init(tmp.resolve("work"));
    extractedAt = repo.file("backend/server.py", SERVER_PY).file("README.md", "# Demo\r\n")
        .file("logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1}).commit("first");
    reader = VerifierServiceProvider.reader(context(name -> null));
    handler = new VerificationHandler(reader);
  }

  @AfterEach
  void close() {
    reader.close();
    repo.close();
  }

  @Test
  void confirmsAnExactExtractOfLines45To60() throws Exception {
    VerificationCompleted result = verify(local(extractedAt), claim("backend/server.py", SERVER_PY, 45, 60));

    assertThat(result.getMatch()).isTrue();
    assertThat(result.getReadStatus()).isEqualTo(ReadStatus.OK);
    assertThat(result.getReason()).isNull();
    assertThat(result.getConfirmedLines()).isEqualTo(LineRange.of(45, 60).slice(SERVER_PY));
    assertThat(result.getBlobSha()).isEqualTo(GitRepoBuilder.blobSha(SERVER_PY));
    assertThat(result.getReadVia()).isEqualTo("jgit");
    assertThat(result.getCandidateId()).isEqualTo("q1-c1");
  }

  @Test
  void confirmsAWholeFileWithItsLineEndings() throws Exception {
    assertThat(verify(local(extractedAt), claim("README.md", "# Demo\r\n", null, null)).getMatch()).isTrue();
  }

  @Test
  void contentChangedBetweenExtractionAndVerificationIsAMismatchNamingTheLine() throws Exception {
    String changed = SERVER_PY.replace("line 50 of server.py", "line 50 was edited");
    String verifiedAt = repo.file("backend/server.py", changed).commit("edit line 50");

    VerificationCompleted result = verify(local(verifiedAt), claim("backend/server.py", SERVER_PY, 45, 60));

    assertThat(result.getMatch()).isFalse();
    assertThat(result.getReadStatus()).isEqualTo(ReadStatus.OK);
    assertThat(result.getReason()).isEqualTo("blob SHA changed: claimed " + GitRepoBuilder.blobSha(SERVER_PY)
        + ", read " + GitRepoBuilder.blobSha(changed) + "; first differing line: 50");
    assertThat(result.getConfirmedLines()).isNull();
    assertThat(result.getBlobSha()).isEqualTo(GitRepoBuilder.blobSha(changed));
  }

  @Test
  void aTamperedClaimIsAMismatchNamingTheLine() throws Exception {
    Excerpt honest = claim("backend/server.py", SERVER_PY, 45, 60);
    Excerpt tampered = Excerpt.newBuilder(honest).setText(honest.getText().replace("line 47 of", "line 47 off")).build();

    assertThat(verify(local(extractedAt), tampered).getReason()).isEqualTo("text differs from the file at line 47");
  }

  @Test
  void aFileGoneOrShortenedAtTheCommitIsReported() throws Exception {
    String deleted = repo.delete("backend/server.py").commit("delete");
    VerificationCompleted gone = verify(local(deleted), claim("backend/server.py", SERVER_PY, 45, 60));
    assertThat(gone.getMatch()).isFalse();
    assertThat(gone.getReadStatus()).isEqualTo(ReadStatus.NOT_FOUND);
    assertThat(gone.getReason()).isEqualTo("file gone: file not found at path 'backend/server.py'");

    String shortened = repo.file("backend/server.py", lines(30, 0)).commit("shorten");
    VerificationCompleted beyond = verify(local(shortened), claim("backend/server.py", SERVER_PY, 45, 60));
    assertThat(beyond.getMatch()).isFalse();
    assertThat(beyond.getReadStatus()).isEqualTo(ReadStatus.OUT_OF_RANGE);
    assertThat(beyond.getReason()).startsWith(
        "range beyond the file: lines 45-60 of 'backend/server.py', which has 30 lines; blob SHA changed");
  }

  @Test
  void refusesBinaryFiles() throws Exception {
    Excerpt claimed = Excerpt.newBuilder().setPath("logo.png").setText("PNG").setBlobSha(GitHubApiStub.fakeSha("x"))
        .setLineCount(1).build();
    VerificationCompleted result = verify(local(extractedAt), claimed);

    assertThat(result.getMatch()).isFalse();
    assertThat(result.getReadStatus()).isEqualTo(ReadStatus.NOT_TEXT);
    assertThat(result.getReason()).isEqualTo("file 'logo.png' is binary");
  }

  @Test
  void invalidClaimsFailNamingTheField() {
    Excerpt claimed = claim("backend/server.py", SERVER_PY, 45, 60);
    assertThatThrownBy(() -> verify(local(extractedAt), Excerpt.newBuilder(claimed).setPath("/etc/passwd").build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("claimed.path"));
    assertThatThrownBy(() -> verify(local(extractedAt), Excerpt.newBuilder(claimed).setEndLine(3).build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("claimed.endLine"));
    assertThatThrownBy(() -> verify(local(extractedAt), Excerpt.newBuilder(claimed).setBlobSha("abc").build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("claimed.blobSha"));
    assertThatThrownBy(() -> verify(local("main"), claimed))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("repo.commitSha"));
  }

  @Test
  void onGitHubReadsTheBlobByShaThroughTheGitDataApiNeverTheContentsApi() throws Exception {
    String commit = GitHubApiStub.fakeSha("gh-head");
    try (GitHubApiStub api = GitHubApiStub.start().repository("octo/demo", "main")
        .textFiles("octo/demo", commit, Map.of("backend/server.py", SERVER_PY))) {
      IndependentReader github = VerifierServiceProvider.reader(context(Map.of("GITHUB_API_URL", api.apiUrl())::get));
      RepoRef repoRef = new RepoRef(RepoKind.GITHUB, "octo/demo", "main", commit);

      VerificationCompleted result = new VerificationHandler(github)
          .verify(request(repoRef, claim("backend/server.py", SERVER_PY, 45, 60)), reply());

      assertThat(result.getMatch()).isTrue();
      assertThat(result.getReadVia()).isEqualTo("github-git-data-api");
      assertThat(result.getConfirmedLines()).isEqualTo(LineRange.of(45, 60).slice(SERVER_PY));
      api.server().verify(getRequestedFor(urlPathEqualTo("/repos/octo/demo/git/trees/" + commit)));
      api.server().verify(getRequestedFor(urlPathEqualTo("/repos/octo/demo/git/blobs/" + GitRepoBuilder.blobSha(SERVER_PY))));
      api.server().verify(0, getRequestedFor(urlPathMatching("/repos/octo/demo/contents/.*")));

      VerificationCompleted gone = new VerificationHandler(github)
          .verify(request(repoRef, claim("backend/missing.py", SERVER_PY, 1, 2)), reply());
      assertThat(gone.getReadStatus()).isEqualTo(ReadStatus.NOT_FOUND);
      assertThat(gone.getReason()).isEqualTo("file gone: file not found at path 'backend/missing.py'");
      github.close();
    }
  }

  @Test
  void aSymlinkIsVerifiedAgainstTheFileItPointsTo() throws Exception {
    String linked = repo.symlink("docs/server-link.py", "../backend/server.py").symlink("escape", "../../x")
        .commit("links");

    VerificationCompleted viaLink = verify(local(linked), claim("docs/server-link.py", SERVER_PY, 45, 60));
    assertThat(viaLink.getMatch()).isTrue();
    assertThat(viaLink.getBlobSha()).isEqualTo(GitRepoBuilder.blobSha(SERVER_PY));

    VerificationCompleted escape = verify(local(linked), claim("escape", "x\n", null, null));
    assertThat(escape.getMatch()).isFalse();
    assertThat(escape.getReadStatus()).isEqualTo(ReadStatus.NOT_FOUND);
    assertThat(escape.getReason())
        .isEqualTo("file gone: file not found at path 'escape' (a symlink to '../../x', outside the repository)");
  }

  @Test
  void aLocalBlobThatDoesNotHashToItsShaIsNeverAMatch() throws Exception {
    // Swap README.md's stored object for another blob's: the object database now answers the
    // README's SHA with other bytes, as a corrupted or tampered .git would.
    String readme = GitRepoBuilder.blobSha("# Demo\r\n");
    String other = GitRepoBuilder.blobSha(SERVER_PY);
    Path objects = repo.dir().resolve(".git/objects");
    Path target = objects.resolve(readme.substring(0, 2)).resolve(readme.substring(2));
    target.toFile().setWritable(true);
    Files.copy(objects.resolve(other.substring(0, 2)).resolve(other.substring(2)), target,
        StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> verify(local(extractedAt), claim("README.md", "# Demo\r\n", null, null)))
        .isInstanceOf(TransientFailureException.class)
        .hasMessage("blob " + readme + " of 'README.md' does not hash to its SHA");
  }

  @Test
  void clonesIntoItsOwnStateDirectory() throws Exception {
    RepoRef viaUrl = new RepoRef(RepoKind.LOCAL, repo.dir().toUri().toString(), "main", extractedAt);

    assertThat(verify(viaUrl, claim("README.md", "# Demo\r\n", null, null)).getMatch()).isTrue();
    assertThat(tmp.resolve("data/verifier/git-clones")).isNotEmptyDirectory();
    assertThat(tmp.resolve("data/extractor")).doesNotExist();
  }

  // ---- helpers ----

  private VerificationCompleted verify(RepoRef repoRef, Excerpt claimed) throws Exception {
    return handler.verify(request(repoRef, claimed), reply());
  }

  /** What an honest extractor reports for {@code content} at {@code path}. */
  private static Excerpt claim(String path, String content, Integer start, Integer end) {
    return Excerpt.newBuilder().setPath(path).setStartLine(start).setEndLine(end)
        .setText(LineRange.of(start, end).slice(content)).setBlobSha(GitRepoBuilder.blobSha(content))
        .setLineCount(LineRange.lineCount(content)).build();
  }

  private static VerificationRequested request(RepoRef repoRef, Excerpt claimed) {
    return VerificationRequested.newBuilder().setEnvelope(Envelopes.start("q1", "test")).setRepo(repoRef)
        .setCandidateId("q1-c1").setClaimed(claimed).setExtractedVia("jgit").build();
  }

  private static Envelope reply() {
    return Envelopes.reply(Envelopes.start("q1", "test"), "verifier@test");
  }

  private RepoRef local(String commit) {
    return new RepoRef(RepoKind.LOCAL, repo.dir().toString(), "main", commit);
  }

  private ServiceContext context(Function<String, String> environment) {
    return new ServiceContext("localhost:9092", tmp.resolve("data"), tmp.resolve("models.yaml"),
        Map.of(SourcePolicy.LOCAL_ROOTS, tmp.toString()), environment);
  }

  private static String lines(int count, int offset) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> "line " + (i + offset) + " of server.py")
        .collect(Collectors.joining("\n", "", "\n"));
  }
}
