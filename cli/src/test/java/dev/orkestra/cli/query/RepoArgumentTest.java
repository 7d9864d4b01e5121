package dev.orkestra.cli.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoArgumentTest {

  @TempDir
  Path tmp;

  @Test
  void aDirectoryIsLocalAnOwnerNameIsGitHubAUrlIsAClone() {
    assertThat(RepoArgument.parse(tmp.toString(), "main"))
        .isEqualTo(new RepoRef(RepoKind.LOCAL, tmp.toAbsolutePath().normalize().toString(), "main", null));
    assertThat(RepoArgument.parse("octo/demo", null)).isEqualTo(new RepoRef(RepoKind.GITHUB, "octo/demo", null, null));
    assertThat(RepoArgument.parse("https://github.com/octo/demo.git", null).getKind()).isEqualTo(RepoKind.LOCAL);
  }

  @Test
  void sshAndCredentialsAreRefusedWithTheReadersWords() {
    assertThatThrownBy(() -> RepoArgument.parse("git@github.com:octo/demo.git", null))
        .hasMessageStartingWith("--repo: SSH repositories (ssh://, user@host:path) are not supported");
    assertThatThrownBy(() -> RepoArgument.parse("https://me:ghp_hidden123@github.com/octo/demo.git", null))
        .hasMessageStartingWith("--repo: credentials in repository URLs are refused")
        .message().doesNotContain("ghp_hidden123");
    assertThatThrownBy(() -> RepoArgument.parse("not a repo", null))
        .hasMessage("--repo: expected owner/name (letters, digits, '-', '.', '_'), was 'not a repo'"
            + " (or an existing local git directory)");
    assertThatThrownBy(() -> RepoArgument.parse("octo/demo", "main@{1}"))
        .hasMessage("--ref: not a valid branch, tag or commit name: 'main@{1}'");
  }
}
