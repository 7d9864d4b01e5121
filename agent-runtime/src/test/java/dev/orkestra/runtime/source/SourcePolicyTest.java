package dev.orkestra.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcePolicyTest {

  @TempDir
  Path tmp;

  @Test
  void readsEverySettingAndAllowsNothingWithoutThem() throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    SourcePolicy policy = SourcePolicy.from(Map.of(
        SourcePolicy.LOCAL_ROOTS, a + File.pathSeparator + " " + b + "/../b ",
        SourcePolicy.CLONE_HOSTS, "GitHub.com, git.example.org:8443",
        SourcePolicy.MAX_CLONE_BYTES, "1000",
        SourcePolicy.GITHUB_TOKEN_REPOS, "acme/*, octo/demo"));

    assertThat(policy.localRoots()).containsExactly(a.toRealPath(), b.toRealPath());
    assertThat(policy.cloneHosts()).containsExactlyInAnyOrder("github.com", "git.example.org:8443");
    assertThat(policy.maxCloneBytes()).isEqualTo(1000);
    assertThat(policy.tokenAllowedFor("acme/anything")).isTrue();
    assertThat(policy.tokenAllowedFor("Octo/Demo")).isTrue();
    assertThat(policy.tokenAllowedFor("octo/other")).isFalse();
    assertThat(policy.tokenAllowedFor("acme-evil/x")).isFalse();

    SourcePolicy none = SourcePolicy.from(Map.of());
    assertThat(none.localRoots()).isEmpty();
    assertThat(none.cloneHosts()).isEmpty();
    assertThat(none.maxCloneBytes()).isEqualTo(SourcePolicy.DEFAULT_MAX_CLONE_BYTES);
    assertThat(none.tokenAllowedFor("octo/demo")).isFalse();
    assertThat(SourcePolicy.none().withGithubTokenRepos("*").tokenAllowedFor("any/repo")).isTrue();
  }

  @Test
  void aRootIsADirectoryTreeNotAPrefix() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("repos"));
    Files.createDirectories(tmp.resolve("repos-evil"));
    SourcePolicy policy = SourcePolicy.localRoots(root);

    assertThat(policy.localRepository(root.resolve("app").toString())).isEqualTo(root.toRealPath().resolve("app"));
    assertThatThrownBy(() -> policy.localRepository(tmp.resolve("repos-evil").toString()))
        .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.field()).isEqualTo("repo"));
  }

  @Test
  void widensSettingsWithWhatTheCommandLineAllows() throws Exception {
    Path given = Files.createDirectories(tmp.resolve("given"));
    Map<String, String> settings = SourcePolicy.widened(Map.of(SourcePolicy.CLONE_HOSTS, "github.com", "other", "x"),
        List.of(given), List.of("gitlab.com", "github.com"), List.of("octo/demo"));

    assertThat(settings).containsEntry("other", "x")
        .containsEntry(SourcePolicy.LOCAL_ROOTS, given.toRealPath().toString())
        .containsEntry(SourcePolicy.CLONE_HOSTS, "github.com,gitlab.com")
        .containsEntry(SourcePolicy.GITHUB_TOKEN_REPOS, "octo/demo");
    assertThat(SourcePolicy.from(settings).localRoots()).containsExactly(given.toRealPath());
  }

  @Test
  void refusesSettingsItCannotUseNamingThem() {
    assertThatThrownBy(() -> SourcePolicy.from(Map.of(SourcePolicy.MAX_CLONE_BYTES, "lots")))
        .hasMessage("orkestra.sources.max.clone.bytes must be a number of bytes, was 'lots'");
    assertThatThrownBy(() -> SourcePolicy.from(Map.of(SourcePolicy.GITHUB_TOKEN_REPOS, "octo")))
        .hasMessage("orkestra.sources.github.token.repos: 'octo' is not owner/name, owner/* or *");
    assertThatThrownBy(() -> SourcePolicy.from(Map.of(SourcePolicy.CLONE_HOSTS, "https://github.com")))
        .hasMessage("orkestra.sources.clone.hosts: 'https://github.com' is not a host name (host or host:port)");
  }
}
