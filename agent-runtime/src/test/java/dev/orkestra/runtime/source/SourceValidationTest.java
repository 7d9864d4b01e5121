package dev.orkestra.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SourceValidationTest {

  private static final String SECRET = "ghp_s3cretToken";

  @Test
  void refusesCredentialsInRepositoryUrlsWithoutRepeatingThem() {
    for (String url : List.of("https://user:" + SECRET + "@github.com/o/r.git", "https://" + SECRET + "@github.com/o/r",
        "file://" + SECRET + "@localhost/srv/r.git", "user:" + SECRET + "@github.com/o/r")) {
      assertThatThrownBy(() -> SourceValidation.localRepo(url))
          .as(url)
          .isInstanceOfSatisfying(SourceException.class, e -> {
            assertThat(e.field()).isEqualTo("repo");
            assertThat(e.reason()).startsWith("credentials in repository URLs are refused");
            assertThat(e.getMessage()).doesNotContain(SECRET);
          });
    }
    // Named as GitHub owner/name, the URL is refused as a name, and shown masked.
    assertThatThrownBy(() -> SourceValidation.githubRepo("https://user:" + SECRET + "@github.com/o/r"))
        .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.getMessage()).doesNotContain(SECRET)
            .contains("'https://***@github.com/o/r'"));
  }

  @Test
  void acceptsPathsAndCredentialFreeUrlsAndRefusesSsh() throws Exception {
    assertThat(SourceValidation.localRepo("/srv/repos/app@2")).isEqualTo("/srv/repos/app@2");
    assertThat(SourceValidation.localRepo("https://github.com/o/r.git")).isEqualTo("https://github.com/o/r.git");
    assertThat(SourceValidation.localRepo("file:///srv/repos/app")).isEqualTo("file:///srv/repos/app");
    assertThat(SourceValidation.isCloneUrl("file:///srv/repos/app")).isTrue();
    assertThat(SourceValidation.isCloneUrl("/srv/repos/app")).isFalse();
    for (String ssh : List.of("git@github.com:o/r.git", "ssh://git@github.com/o/r.git")) {
      assertThatThrownBy(() -> SourceValidation.localRepo(ssh))
          .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.reason())
              .startsWith("SSH repositories (ssh://, user@host:path) are not supported"));
    }
    assertThatThrownBy(() -> SourceValidation.localRepo("http://example.org/r.git"))
        .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.reason())
            .isEqualTo("only file:// and https:// clone URLs are supported"));
  }

  @Test
  void redactsUserInfoForDisplay() {
    assertThat(SourceValidation.redacted("https://user:" + SECRET + "@github.com/o/r")).isEqualTo("https://***@github.com/o/r");
    assertThat(SourceValidation.redacted("user:" + SECRET + "@github.com/o/r")).isEqualTo("***@github.com/o/r");
    assertThat(SourceValidation.redacted("/srv/a@b/r")).isEqualTo("/srv/a@b/r");
    assertThat(SourceValidation.redacted("octo/demo")).isEqualTo("octo/demo");
  }

  @Test
  void checksCommitsAndBlobsInOnePlace() throws Exception {
    String sha = "0123456789abcdef0123456789abcdef01234567";
    assertThat(SourceValidation.commitSha(sha, "repo.commitSha")).isEqualTo(sha);
    assertThatThrownBy(() -> SourceValidation.commitSha("0123abc", "repo.commitSha"))
        .isInstanceOfSatisfying(SourceException.class, e -> {
          assertThat(e.field()).isEqualTo("repo.commitSha");
          assertThat(e.reason()).isEqualTo("must be the resolved 40-character commit SHA, was '0123abc'");
          assertThat(e.getMessage()).isEqualTo("invalid repo.commitSha: " + e.reason());
        });
    assertThat(SourceValidation.pinnedCommit("0123ABC", "commitSha")).isEqualTo("0123abc");
    assertThat(SourceValidation.pinnedCommit(null, "commitSha")).isNull();
    assertThatThrownBy(() -> SourceValidation.blobSha(null, "claimed.blobSha"))
        .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.reason())
            .isEqualTo("expected a 40-character blob SHA, was nothing"));
  }

  @Test
  void refsFollowGitsRules() throws Exception {
    for (String good : List.of("main", "feature/x-1", "v1.2.3", "0123456789abcdef0123456789abcdef01234567")) {
      assertThat(SourceValidation.ref(good)).isEqualTo(good);
    }
    for (String bad : List.of("a..b", "a~1", "a^", "a:b", "a b", "-x", "a@{1}", "a?", "a*", "a[1]", "x.lock", "a/", "")) {
      assertThatThrownBy(() -> SourceValidation.ref(bad)).as(bad)
          .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.field()).isEqualTo("ref"));
    }
  }
}
