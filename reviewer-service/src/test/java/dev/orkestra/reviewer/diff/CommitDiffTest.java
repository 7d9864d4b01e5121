package dev.orkestra.reviewer.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.runtime.source.GitRepoBuilder;
import dev.orkestra.runtime.source.SourceLimits;
import dev.orkestra.runtime.source.SourcePolicy;
import dev.orkestra.runtime.source.SourceReader;
import dev.orkestra.runtime.source.SourceReaders;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitDiffTest {

  @TempDir
  Path temp;

  private SourceReader reader;
  private RepoRef repo;
  private String base;
  private String head;

  @BeforeEach
  void setUp() {
    try (GitRepoBuilder git = GitRepoBuilder.init(temp.resolve("repo"))) {
      git.file("src/engine.py", "def search(q):\n    return []\n").file("old.txt", "gone\n")
          .file("logo.png", new byte[] {1, 0, 2});
      base = git.commit("base");
      git.file("src/engine.py", "def search(q):\n    return [q]\n").delete("old.txt")
          .file("src/hybrid.py", "class Hybrid:\n    pass\n").file("logo.png", new byte[] {3, 0, 4})
          .file("zz-big.txt", "line\n".repeat(4_000));
      head = git.commit("step S1");
    }
    reader = SourceReaders.create(temp.resolve("state"), SourceLimits.DEFAULT, SourcePolicy.localRoots(temp),
        name -> null);
    repo = RepoRef.newBuilder().setKind(RepoKind.LOCAL).setRepo(temp.resolve("repo").toString()).build();
  }

  @Test
  void theDiffShowsEveryChangedFileBetweenBaseAndCommit() throws Exception {
    String diff = new CommitDiff(reader, new CommitDiff.Bounds(10, 100_000, 100_000)).between(repo, base, head);

    assertThat(diff).contains("diff --git a/src/engine.py b/src/engine.py\n--- a/src/engine.py\n+++ b/src/engine.py\n"
            + "@@ -1,2 +1,2 @@\n def search(q):\n-    return []\n+    return [q]\n")
        .contains("diff --git a/old.txt b/old.txt\ndeleted file\n--- a/old.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-gone\n")
        .contains("diff --git a/src/hybrid.py b/src/hybrid.py\nnew file\n--- /dev/null\n+++ b/src/hybrid.py\n")
        .contains("diff --git a/logo.png b/logo.png\n(binary or too large: content not shown)\n");
    assertThat(new CommitDiff(reader, CommitDiff.Bounds.DEFAULT).between(repo, head, head))
        .isEqualTo("(no changes: the commit's tree is its base's)\n");
  }

  @Test
  void aLargeDiffIsCutAndWhatIsLeftOutIsNamed() throws Exception {
    String diff = new CommitDiff(reader, new CommitDiff.Bounds(5, 2_000, 100_000)).between(repo, base, head);

    assertThat(diff).contains("[diff of 'zz-big.txt' cut: ").doesNotContain("[1 more changed files")
        .hasSizeLessThan(5 * 2_000 + 1_000);
    String fewer = new CommitDiff(reader, new CommitDiff.Bounds(2, 2_000, 100_000)).between(repo, base, head);
    assertThat(fewer).contains("[3 more changed files not shown (bounds: 2 files, 100000 characters): "
        + "src/engine.py, src/hybrid.py, zz-big.txt]");
  }
}
