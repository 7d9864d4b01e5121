package dev.orkestra.implementer.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.task.DiffStat;
import dev.orkestra.events.task.FileChange;
import dev.orkestra.events.task.FileChangeType;
import dev.orkestra.runtime.source.GitRepoBuilder;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffStatsTest {

  @TempDir Path tmp;

  @Test
  void filesLinesChangeTypesAndRenamesFromGitsDiff() throws Exception {
    String body = "line\n".repeat(20);
    try (GitRepoBuilder repo = GitRepoBuilder.init(tmp.resolve("repo")).file("keep.txt", "1\n2\n3\n")
        .file("old/name.txt", body).file("gone.txt", "x\ny\n")) {
      String base = repo.commit("base");
      repo.file("keep.txt", "1\ntwo\n3\n4\n").delete("old/name.txt").file("new/name.txt", body)
          .delete("gone.txt").file("added.txt", "a\n");
      String commit = repo.commit("change");
      try (Git git = Git.open(repo.dir().toFile())) {
        DiffStat stat = DiffStats.between(git.getRepository(), base, commit);

        assertThat(stat.getFilesChanged()).isEqualTo(4);
        assertThat(stat.getInsertions()).isEqualTo(3);
        assertThat(stat.getDeletions()).isEqualTo(3);
        assertThat(stat.getFiles()).containsExactlyInAnyOrder(
            FileChange.newBuilder().setPath("keep.txt").setChangeType(FileChangeType.MODIFIED).setInsertions(2)
                .setDeletions(1).build(),
            FileChange.newBuilder().setPath("new/name.txt").setOldPath("old/name.txt")
                .setChangeType(FileChangeType.RENAMED).build(),
            FileChange.newBuilder().setPath("gone.txt").setChangeType(FileChangeType.DELETED).setDeletions(2).build(),
            FileChange.newBuilder().setPath("added.txt").setChangeType(FileChangeType.ADDED).setInsertions(1).build());
        assertThat(DiffStats.between(git.getRepository(), base, base).getFilesChanged()).isZero();
      }
    }
  }
}
