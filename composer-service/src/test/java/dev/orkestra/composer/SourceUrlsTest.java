package dev.orkestra.composer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.RepoKind;
import org.junit.jupiter.api.Test;

class SourceUrlsTest {

  @Test
  void githubPermalinkPointsAtTheCommitAndTheLineRange() {
    assertThat(SourceUrls.permalink(RepoKind.GITHUB, "MIHAchoppa/lvl-up-agency", "abc123", "backend/server.py",
        new ExcerptRange(45, 60, false)))
        .isEqualTo("https://github.com/MIHAchoppa/lvl-up-agency/blob/abc123/backend/server.py#L45-L60");
  }

  @Test
  void localPermalinkIsAFileUrlUnderTheRepository() {
    assertThat(SourceUrls.permalink(RepoKind.LOCAL, "/srv/repos/demo/", "abc123", "src/App.java",
        new ExcerptRange(3, 3, false)))
        .isEqualTo("file:///srv/repos/demo/src/App.java#L3-L3");
  }

  @Test
  void wholeFileGetsNoLineFragment() {
    assertThat(SourceUrls.permalink(RepoKind.GITHUB, "o/n", "abc123", "README.md", new ExcerptRange(1, 40, true)))
        .isEqualTo("https://github.com/o/n/blob/abc123/README.md");
  }

  @Test
  void pathCharactersThatWouldBreakTheUrlAreEncoded() {
    assertThat(SourceUrls.permalink(RepoKind.GITHUB, "o/n", "c", "/docs/my notes#1?.md", new ExcerptRange(1, 2, false)))
        .isEqualTo("https://github.com/o/n/blob/c/docs/my%20notes%231%3F.md#L1-L2");
    assertThat(SourceUrls.permalink(RepoKind.GITHUB, "o/n", "c", "ü.txt", new ExcerptRange(1, 1, true)))
        .isEqualTo("https://github.com/o/n/blob/c/%C3%BC.txt");
  }
}
