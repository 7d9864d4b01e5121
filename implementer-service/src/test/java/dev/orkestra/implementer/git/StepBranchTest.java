package dev.orkestra.implementer.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.runtime.source.GitRepoBuilder;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepBranchTest {

  private static final String BRANCH = "orkestra/T-1";

  @TempDir Path tmp;
  private GitRepoBuilder repo;
  private Git git;
  private String base;

  @BeforeEach
  void setUp() throws Exception {
    repo = GitRepoBuilder.init(tmp.resolve("repo")).file("a.txt", "a\n");
    base = repo.commit("base");
    git = Git.open(repo.dir().toFile());
  }

  @AfterEach
  void tearDown() {
    git.close();
    repo.close();
  }

  @Test
  void aBranchThatDoesNotExistOrIsAtTheHeadBuildsOnTheHead() throws Exception {
    StepCommit self = step("S1", 1, "req-1");

    assertThat(StepBranch.read(git.getRepository(), BRANCH, null, base, self))
        .isEqualTo(new StepBranch(base, null, Optional.empty()));
    assertThat(StepBranch.read(git.getRepository(), BRANCH, base, base, self))
        .isEqualTo(new StepBranch(base, base, Optional.empty()));
  }

  @Test
  void aRetryBuildsOnTheStepsEarlierAttempts() throws Exception {
    String first = commit(step("S1", 1, "req-1"));
    String second = commit(step("S1", 2, "req-2"));

    assertThat(StepBranch.read(git.getRepository(), BRANCH, second, base, step("S1", 3, "req-3")))
        .isEqualTo(new StepBranch(second, second, Optional.empty()));
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void aRedeliveryFindsItsOwnCommitAndReplaysOnItsParent() throws Exception {
    String first = commit(step("S1", 1, "req-1"));
    String second = commit(step("S1", 2, "req-2"));

    assertThat(StepBranch.read(git.getRepository(), BRANCH, second, base, step("S1", 2, "req-2")))
        .isEqualTo(new StepBranch(first, second, Optional.of(second)));
    assertThat(StepBranch.read(git.getRepository(), BRANCH, second, base, step("S1", 1, "req-1")))
        .as("a superseded attempt answers with its own commit, builds nothing")
        .isEqualTo(new StepBranch(base, second, Optional.of(first)));
  }

  @Test
  void anotherStepsOrAPersonsCommitMeansTheBranchMoved() throws Exception {
    String other = commit(step("S2", 1, "req-9"));
    assertThatThrownBy(() -> StepBranch.read(git.getRepository(), BRANCH, other, base, step("S1", 1, "req-1")))
        .isInstanceOf(StepBranch.MovedException.class)
        .hasMessageContaining("task branch orkestra/T-1 is at " + other)
        .hasMessageContaining("does not build on " + base)
        .hasMessageContaining("a commit of task T-1 step S2 attempt 1");

    repo.file("b.txt", "b\n");
    String person = repo.commit("a person's fix");
    assertThatThrownBy(() -> StepBranch.read(git.getRepository(), BRANCH, person, base, step("S2", 2, "req-10")))
        .isInstanceOf(StepBranch.MovedException.class).hasMessageContaining("a commit not made by the implementer");
  }

  private static StepCommit step(String step, int attempt, String request) {
    return new StepCommit("T-1", step, attempt, "model-a", request);
  }

  private String commit(StepCommit step) {
    repo.file("a.txt", step.requestId() + "\n");
    return repo.commit(step.message("do " + step.stepId(), "why"));
  }
}
