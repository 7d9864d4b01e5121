package dev.orkestra.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.ReadStatus;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingSourceReaderTest {

  @TempDir
  Path tmp;

  @Test
  void routesLocalRepositoriesToJGitAndGitHubRepositoriesToTheApi() throws Exception {
    String commit;
    try (GitRepoBuilder repo = GitRepoBuilder.init(tmp.resolve("work"))) {
      commit = repo.file("README.md", "# Local\n").commit("first");
    }
    String githubCommit = GitHubApiStub.fakeSha("gh");
    try (GitHubApiStub api = GitHubApiStub.start().repository("octo/demo", "main")
            .textFiles("octo/demo", githubCommit, Map.of("README.md", "# GitHub\n"));
        RoutingSourceReader reader = SourceReaders.create(tmp.resolve("state"), SourceLimits.DEFAULT,
            SourcePolicy.localRoots(tmp), Map.of("GITHUB_API_URL", api.apiUrl())::get)) {
      RepoRef local = new RepoRef(RepoKind.LOCAL, tmp.resolve("work").toString(), null, commit);
      RepoRef github = new RepoRef(RepoKind.GITHUB, "octo/demo", null, githubCommit);

      assertThat(reader.read(local, "README.md").text()).isEqualTo("# Local\n");
      assertThat(reader.read(github, "README.md").text()).isEqualTo("# GitHub\n");
      assertThat(reader.via(local)).isEqualTo("jgit");
      assertThat(reader.via(github)).isEqualTo("github-api");
      assertThat(reader.url(github, "README.md", 1, 1)).startsWith("https://github.com/octo/demo/blob/" + githubCommit);
      assertThat(reader.github().authenticatedFor("octo/demo")).isFalse();
    }
  }

  @Test
  void mapsSourceFailuresToReadStatuses() {
    assertThat(ReadStatuses.of(SourceException.Kind.NOT_FOUND)).isEqualTo(ReadStatus.NOT_FOUND);
    assertThat(ReadStatuses.of(SourceException.Kind.ACCESS_DENIED)).isEqualTo(ReadStatus.ACCESS_DENIED);
    assertThat(ReadStatuses.of(SourceException.Kind.RATE_LIMITED)).isEqualTo(ReadStatus.RATE_LIMITED);
    assertThat(ReadStatuses.of(SourceException.Kind.TOO_LARGE)).isEqualTo(ReadStatus.NOT_TEXT);
    assertThat(ReadStatuses.of(SourceException.Kind.NOT_TEXT)).isEqualTo(ReadStatus.NOT_TEXT);
    assertThat(ReadStatuses.isTransient(SourceException.Kind.TIMEOUT)).isTrue();
    assertThat(ReadStatuses.isTransient(SourceException.Kind.NOT_FOUND)).isFalse();
  }
}
