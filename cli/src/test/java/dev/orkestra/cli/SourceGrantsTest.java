package dev.orkestra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.runtime.source.SourcePolicy;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceGrantsTest {

  @TempDir
  Path tmp;

  @Test
  void aQuestionCommandAllowsExactlyTheRepositoryItNames() throws Exception {
    SourcePolicy local = policy(new RepoRef(RepoKind.LOCAL, tmp.toString(), null, null));
    assertThat(local.localRoots()).containsExactly(tmp.toRealPath());
    assertThat(local.cloneHosts()).isEmpty();

    SourcePolicy fileUrl = policy(new RepoRef(RepoKind.LOCAL, tmp.toUri().toString(), null, null));
    assertThat(fileUrl.localRoots()).containsExactly(tmp.toRealPath());

    SourcePolicy clone = policy(new RepoRef(RepoKind.LOCAL, "https://git.example.org:8443/team/app.git", null, null));
    assertThat(clone.cloneHosts()).containsExactly("git.example.org:8443");
    assertThat(clone.localRoots()).isEmpty();

    SourcePolicy github = policy(new RepoRef(RepoKind.GITHUB, "octo/demo", null, null));
    assertThat(github.tokenAllowedFor("octo/demo")).isTrue();
    assertThat(github.tokenAllowedFor("octo/other")).isFalse();
  }

  @Test
  void upsOptionsAddToTheSettings() throws Exception {
    SourceGrants grants = new SourceGrants();
    grants.roots.add(tmp);
    grants.hosts.add("github.com");
    grants.tokenRepos.add("acme/*");

    SourcePolicy policy = SourcePolicy.from(grants.applyTo(Map.of(SourcePolicy.CLONE_HOSTS, "gitlab.com")));

    assertThat(policy.localRoots()).containsExactly(tmp.toRealPath());
    assertThat(policy.cloneHosts()).containsExactlyInAnyOrder("gitlab.com", "github.com");
    assertThat(SourceGrants.describe(policy)).isEqualTo("sources: local roots " + tmp.toRealPath()
        + "; clone hosts " + String.join(", ", policy.cloneHosts()) + "; GITHUB_TOKEN for acme/*");
  }

  private static SourcePolicy policy(RepoRef repo) {
    return SourcePolicy.from(SourceGrants.forRepository(repo).applyTo(Map.of()));
  }
}
