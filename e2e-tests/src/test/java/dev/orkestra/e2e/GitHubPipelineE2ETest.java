package dev.orkestra.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.cli.LocalSystem;
import dev.orkestra.composer.json.OutputSchemaJson;
import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Match;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryResponse;
import dev.orkestra.events.query.QueryRole;
import dev.orkestra.events.query.ResponseStatus;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.runtime.source.GitHubApiStub;
import dev.orkestra.runtime.source.SourcePolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole question pipeline against the GitHub backend — every service on the embedded broker,
 * GitHub played by WireMock through the real github-api client — so the second backend is proven
 * end to end, not only at the source: 200, 401, 404 and rate limit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GitHubPipelineE2ETest {

  private static final String REPO = "acme/agency-dashboard";
  private static final String COMMIT = GitHubApiStub.fakeSha("agency dashboard");
  private static final String TOKEN = "ghp_e2eTestTokenThatMustNeverAppear0001";

  private GitHubApiStub github;
  private E2EPipeline pipeline;

  @BeforeAll
  void startSystem(@TempDir Path tmp) throws Exception {
    github = GitHubApiStub.start()
        .repository(REPO, "main")
        .ref(REPO, "main", COMMIT)
        .textFiles(REPO, COMMIT, FixtureRepo.files())
        .stub(get(urlPathMatching("/repos/acme/private.*"))
            .willReturn(GitHubApiStub.error(401, "Bad credentials")))
        .stub(get(urlPathMatching("/repos/acme/busy.*")).willReturn(
            GitHubApiStub.error(403, "API rate limit exceeded for 203.0.113.7.")
                .withHeader("X-RateLimit-Limit", "60").withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", "1893456000")));
    Map<String, String> environment = Map.of("GITHUB_API_URL", github.apiUrl(), "GITHUB_TOKEN", TOKEN);
    // The operator allows the token for acme's repositories: the reads below are authenticated.
    pipeline = E2EPipeline.of(E2ESystem.start(tmp, tmp.resolve("no-models.yaml"),
        Map.of(SourcePolicy.GITHUB_TOKEN_REPOS, "acme/*"), LocalSystem.discovered(), environment::get));
  }

  @AfterAll
  void stopSystem() {
    try {
      if (pipeline != null) {
        pipeline.close();
      }
    } finally {
      if (github != null) {
        github.close();
      }
    }
  }

  @Test
  void getFileAnswersTheFileAtTheResolvedCommitWithItsBlobSha() throws Exception {
    QueryResponse response = ask(request(REPO, QueryRole.ADMIN, QueryAction.GET_FILE).setPath("README.md"));

    assertThat(response.getStatus()).isEqualTo(ResponseStatus.SUCCESS);
    assertThat(response.getRepo().getCommitSha()).isEqualTo(COMMIT);
    assertThat(response.getData().getFile().getContent()).isEqualTo(FixtureRepo.read("README.md"));
    String blobSha = GitHubApiStub.gitBlobSha(FixtureRepo.read("README.md").getBytes(StandardCharsets.UTF_8));
    assertThat(response.getData().getFile().getBlobSha()).isEqualTo(blobSha);
    assertThat(response.getSources()).singleElement().satisfies(source -> {
      assertThat(source.getType()).isEqualTo(RepoKind.GITHUB);
      assertThat(source.getCommit()).isEqualTo(COMMIT);
      assertThat(source.getUrl()).contains(REPO).contains(COMMIT);
    });
    // The verifier read it again on its own, by blob SHA.
    github.server().verify(getRequestedFor(urlPathMatching("/repos/" + REPO + "/git/blobs/" + blobSha)));
  }

  @Test
  void aFindQuestionCitesVerifiedLinesOfTheAuthenticationModule() throws Exception {
    QueryResponse response = ask(request(REPO, QueryRole.COACH, QueryAction.FIND)
        .setQuestion("Where is authentication implemented?"));

    assertThat(response.getStatus()).isEqualTo(ResponseStatus.SUCCESS);
    assertThat(response.getData().getMatches()).isNotEmpty();
    assertThat(response.getData().getMatches().getFirst().getPath()).startsWith("backend/auth/");
    for (Match match : response.getData().getMatches()) {
      assertThat(match.getLines())
          .isEqualTo(FixtureRepo.lines(match.getPath(), match.getStartLine(), match.getEndLine()));
    }
  }

  @Test
  void aMissingFileIsNotAvailableNamingThePath() throws Exception {
    github.stub(get(urlPathMatching("/repos/" + REPO + "/contents/docs/missing\\.md")).atPriority(1)
        .willReturn(GitHubApiStub.error(404, "Not Found")));

    QueryResponse response = ask(request(REPO, QueryRole.ADMIN, QueryAction.GET_FILE).setPath("docs/missing.md"));

    assertThat(response.getStatus()).isEqualTo(ResponseStatus.NOT_AVAILABLE);
    assertThat(response.getMessage()).contains("docs/missing.md");
  }

  @Test
  void badCredentialsAreNotAvailableAsAccessDenied() throws Exception {
    QueryResponse response = ask(request("acme/private", QueryRole.ADMIN, QueryAction.GET_FILE).setPath("README.md"));

    assertThat(response.getStatus()).isEqualTo(ResponseStatus.NOT_AVAILABLE);
    assertThat(response.getMessage()).contains("access denied or requires authentication");
  }

  @Test
  void aRateLimitIsAnErrorWithTheResetTime() throws Exception {
    QueryResponse response = ask(request("acme/busy", QueryRole.ADMIN, QueryAction.GET_FILE).setPath("README.md"));

    assertThat(response.getStatus()).isEqualTo(ResponseStatus.ERROR);
    assertThat(response.getMessage()).contains("rate limit").contains("2030-01-01T00:00:00Z");
  }

  private QueryRequested.Builder request(String repo, QueryRole role, QueryAction action) {
    return QueryRequested.newBuilder()
        .setEnvelope(Envelopes.start("gh-" + UUID.randomUUID(), "e2e"))
        .setRole(role)
        .setAction(action)
        .setRepo(new RepoRef(RepoKind.GITHUB, repo, "main", null));
  }

  private QueryResponse ask(QueryRequested.Builder request) throws Exception {
    QueryResponse response = pipeline.ask(request.build());
    assertThat(OutputSchemaJson.render(response)).doesNotContain(TOKEN);
    return response;
  }
}
