package dev.orkestra.implementer.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.runtime.source.GitRepoBuilder;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepCommitTest {

  @TempDir Path tmp;

  @Test
  void theMessageNamesTaskStepModelAndAttemptAndItsTrailersReadBack() throws Exception {
    StepCommit step = new StepCommit("RAE-002", "S1", 2, "gemini-flash", "req-1");
    String message = step.message("Update README with Phase 1 completion status\nand more", "Adds the status table.");

    assertThat(message).isEqualTo("""
        RAE-002 S1: Update README with Phase 1 completion status

        Adds the status table.

        Orkestra-Task: RAE-002
        Orkestra-Step: S1
        Orkestra-Attempt: 2
        Orkestra-Model: gemini-flash
        Orkestra-Request: req-1
        """);
    assertThat(StepCommit.of(commit(message))).contains(step);
    assertThat(StepCommit.explanation(commit(message))).isEqualTo("Adds the status table.");
    assertThat(StepCommit.explanation(commit(step.message("subject only", "")))).isEmpty();
  }

  @Test
  void aLongSubjectIsCutAndValuesCannotForgeTrailers() throws Exception {
    StepCommit step = new StepCommit("T", "S1\nOrkestra-Request: forged", 1, "m", "req-2");
    String message = step.message("x".repeat(200), "Orkestra-Request: forged-too\n\nstill prose");

    assertThat(message.lines().findFirst().orElseThrow()).hasSize(StepCommit.MAX_SUBJECT);
    assertThat(StepCommit.of(commit(message))).hasValueSatisfying(read -> {
      assertThat(read.requestId()).isEqualTo("req-2");
      assertThat(read.stepId()).isEqualTo("S1 Orkestra-Request: forged");
    });
  }

  @Test
  void aCommitWithoutTrailersIsNoStepCommit() throws Exception {
    assertThat(StepCommit.of(commit("a person's fix\n\nSigned-off-by: someone"))).isEmpty();
  }

  private RevCommit commit(String message) throws Exception {
    try (GitRepoBuilder repo = GitRepoBuilder.init(tmp.resolve("r" + System.nanoTime())).file("a", "a")) {
      String sha = repo.commit(message);
      try (Git git = Git.open(repo.dir().toFile())) {
        return git.getRepository().parseCommit(git.getRepository().resolve(sha));
      }
    }
  }
}
