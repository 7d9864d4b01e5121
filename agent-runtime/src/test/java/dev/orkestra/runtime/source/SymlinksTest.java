package dev.orkestra.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SymlinksTest {

  @Test
  void resolvesTargetsRelativeToTheLinkInsideTheRepository() {
    assertThat(Symlinks.resolve("docs/link.md", "guide.md")).hasValue("docs/guide.md");
    assertThat(Symlinks.resolve("docs/link.md", "../README.md")).hasValue("README.md");
    assertThat(Symlinks.resolve("link", "./src//app.py")).hasValue("src/app.py");
    assertThat(Symlinks.resolve("a/b/link", "../../c")).hasValue("c");
  }

  @Test
  void aTargetOutsideTheRepositoryResolvesToNothing() {
    assertThat(Symlinks.resolve("link", "../outside")).isEmpty();
    assertThat(Symlinks.resolve("a/link", "../../x")).isEmpty();
    assertThat(Symlinks.resolve("link", "/etc/passwd")).isEmpty();
    assertThat(Symlinks.resolve("link", "")).isEmpty();
    assertThat(Symlinks.resolve("a/link", "..")).isEmpty();
    assertThat(Symlinks.resolve("link", "bad\\path")).isEmpty();
  }
}
