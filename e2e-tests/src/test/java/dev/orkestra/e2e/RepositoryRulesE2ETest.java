package dev.orkestra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.cli.LocalSystem;
import dev.orkestra.composer.json.OutputSchemaJson;
import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryResponse;
import dev.orkestra.events.query.QueryRole;
import dev.orkestra.events.query.ResponseStatus;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.runtime.source.GitRepoBuilder;
import dev.orkestra.runtime.source.SourcePolicy;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trust boundary and pinned commits through the real pipeline (every service on the embedded
 * broker): what the operator did not allow is refused with a message naming the rule, a URL's
 * credentials appear in no answer, and a query pinned to an older commit is answered there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepositoryRulesE2ETest {

  private static final String SECRET = "ghp_e2eSecretThatMustNeverAppear0002";
  private static final String OLD_README = "# Agency dashboard\n\nFirst version.\n";

  private E2EPipeline pipeline;
  private Path allowed;
  private Path outside;
  private String oldCommit;
  private String newCommit;

  @BeforeAll
  void startSystem(@TempDir Path tmp) throws Exception {
    allowed = tmp.resolve("allowed/app");
    outside = tmp.resolve("outside/secret");
    try (GitRepoBuilder app = GitRepoBuilder.init(allowed)) {
      oldCommit = app.file("README.md", OLD_README).commit("first");
      newCommit = app.file("README.md", FixtureRepo.read("README.md")).symlink("docs/readme.md", "../README.md")
          .commit("second");
    }
    try (GitRepoBuilder secret = GitRepoBuilder.init(outside)) {
      secret.file("credentials.txt", "not for you\n").commit("secret");
    }
    pipeline = E2EPipeline.of(E2ESystem.start(tmp, tmp.resolve("no-models.yaml"),
        Map.of(SourcePolicy.LOCAL_ROOTS, tmp.resolve("allowed").toString()), LocalSystem.discovered()));
  }

  @AfterAll
  void stopSystem() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  void aRepositoryOutsideTheAllowedRootsIsRefusedNamingTheRule() throws Exception {
    QueryResponse response = pipeline.ask(getFile(local(outside.toString(), null), "credentials.txt"));

    assertThat(response.getStatus()).isEqualTo(ResponseStatus.ERROR);
    assertThat(response.getMessage()).isEqualTo("ERROR: Retriever failed - invalid repo: local repository '"
        + outside.toRealPath() + "' is outside the allowed roots (orkestra.sources.local.roots); allow it with"
        + " `orkestra up --repo-root DIR` or ORKESTRA_SOURCES_LOCAL_ROOTS");
    assertThat(OutputSchemaJson.render(response)).doesNotContain("not for you");
  }

  @Test
  void escapingTheRootThroughDotDotIsRefusedTheSameWay() throws Exception {
    QueryResponse response = pipeline.ask(getFile(local(allowed + "/../../outside/secret", null), "credentials.txt"));

    assertThat(response.getStatus()).isEqualTo(ResponseStatus.ERROR);
    assertThat(response.getMessage()).contains("local repository '" + outside.toRealPath()
        + "' is outside the allowed roots");
  }

  @Test
  void aUrlWithCredentialsIsRefusedWithoutRepeatingThem() throws Exception {
    QueryResponse response = pipeline.ask(getFile(local("https://deploy:" + SECRET + "@github.com/acme/app.git", null),
        "README.md"));

    assertThat(response.getStatus()).isEqualTo(ResponseStatus.ERROR);
    assertThat(response.getMessage()).isEqualTo("ERROR: invalid repo.repo: credentials in repository URLs are refused"
        + " (nothing may stand before the host's '@'); read private GitHub repositories with GITHUB_TOKEN and"
        + " orkestra.sources.github.token.repos, and clone others from a URL without credentials");
    assertThat(response.getRepo().getRepo()).isEqualTo("https://***@github.com/acme/app.git");
    assertThat(OutputSchemaJson.render(response)).doesNotContain(SECRET).doesNotContain("deploy");
    assertThat(response.toString()).doesNotContain(SECRET);
  }

  @Test
  void aCloneFromAHostThatIsNotAllowedIsRefusedNamingTheRule() throws Exception {
    QueryResponse response = pipeline.ask(getFile(local("https://git.example.org/team/app.git", null), "README.md"));

    assertThat(response.getStatus()).isEqualTo(ResponseStatus.ERROR);
    assertThat(response.getMessage()).isEqualTo("ERROR: Retriever failed - invalid repo: clone host 'git.example.org'"
        + " is not allowed (orkestra.sources.clone.hosts, none configured); allow it with"
        + " `orkestra up --clone-host HOST` or ORKESTRA_SOURCES_CLONE_HOSTS");
  }

  @Test
  void aQueryPinnedToAnOlderCommitIsAnsweredAtThatCommit() throws Exception {
    QueryResponse pinned = pipeline.ask(getFile(local(allowed.toString(), oldCommit), "README.md"));
    QueryResponse head = pipeline.ask(getFile(local(allowed.toString(), null), "README.md"));

    assertThat(pinned.getStatus()).isEqualTo(ResponseStatus.SUCCESS);
    assertThat(pinned.getRepo().getCommitSha()).isEqualTo(oldCommit);
    assertThat(pinned.getData().getFile().getContent()).isEqualTo(OLD_README);
    assertThat(pinned.getData().getFile().getBlobSha()).isEqualTo(GitRepoBuilder.blobSha(OLD_README));
    assertThat(pinned.getSources()).singleElement().satisfies(source ->
        assertThat(source.getCommit()).isEqualTo(oldCommit));
    assertThat(head.getRepo().getCommitSha()).isEqualTo(newCommit);
    assertThat(head.getData().getFile().getContent()).isEqualTo(FixtureRepo.read("README.md"));
  }

  @Test
  void aSymlinkIsAnsweredWithTheFileItPointsToVerifiedByBothReads() throws Exception {
    QueryResponse response = pipeline.ask(getFile(local(allowed.toString(), null), "docs/readme.md"));

    assertThat(response.getStatus()).isEqualTo(ResponseStatus.SUCCESS);
    assertThat(response.getData().getFile().getContent()).isEqualTo(FixtureRepo.read("README.md"));
    assertThat(response.getData().getFile().getBlobSha()).isEqualTo(GitRepoBuilder.blobSha(FixtureRepo.read("README.md")));
  }

  private static RepoRef local(String repo, String commit) {
    return new RepoRef(RepoKind.LOCAL, repo, "main", commit);
  }

  private static QueryRequested getFile(RepoRef repo, String path) {
    return QueryRequested.newBuilder()
        .setEnvelope(Envelopes.start("q-" + UUID.randomUUID(), "e2e"))
        .setRole(QueryRole.ADMIN)
        .setAction(QueryAction.GET_FILE)
        .setRepo(repo)
        .setPath(path)
        .build();
  }
}
