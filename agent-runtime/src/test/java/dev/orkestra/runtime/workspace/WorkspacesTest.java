package dev.orkestra.runtime.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.runtime.source.GitRepoBuilder;
import dev.orkestra.runtime.source.SourceException;
import dev.orkestra.runtime.source.SourceLimits;
import dev.orkestra.runtime.source.SourcePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspacesTest {

  private static final PersonIdent AUTHOR = new PersonIdent("Orkestra implementer", "orkestra@localhost");

  @TempDir Path tmp;
  private GitRepoBuilder repo;
  private String base;
  private Workspaces workspaces;

  @BeforeEach
  void setUp() {
    repo = GitRepoBuilder.init(tmp.resolve("repo")).file("README.md", "hello\n").file("src/App.java", "class App {}\n");
    base = repo.commit("base");
    workspaces = new Workspaces(tmp.resolve("ws"), SourcePolicy.localRoots(tmp.resolve("repo")), SourceLimits.DEFAULT,
        Map.<String, String>of()::get);
  }

  @Test
  void aCommitMadeInAWorkTreeIsPublishedOnTheTaskBranchOfTheRepositoryItCameFrom() throws Exception {
    String commit;
    Path dir;
    try (Workspace ws = workspaces.checkout(repo.dir().toString(), base)) {
      dir = ws.dir();
      assertThat(Files.readString(ws.file("README.md"))).isEqualTo("hello\n");
      Files.writeString(ws.file("README.md"), "hello, world\n");
      Files.createDirectories(ws.file("docs/new.md").getParent());
      Files.writeString(ws.file("docs/new.md"), "new\n");
      Files.delete(ws.file("src/App.java"));
      commit = ws.commitAll("T-1 S1: say hello", AUTHOR).orElseThrow();
      ws.publish("orkestra/T-1", commit, null);
    }
    assertThat(dir).doesNotExist();
    assertThat(workspaces.branchHead(repo.dir().toString(), "orkestra/T-1")).isEqualTo(commit);
    try (Git git = Git.open(repo.dir().toFile())) {
      RevCommit published = git.getRepository().parseCommit(git.getRepository().resolve(commit));
      assertThat(published.getParent(0).name()).isEqualTo(base);
      assertThat(published.getAuthorIdent().getName()).isEqualTo("Orkestra implementer");
      assertThat(git.getRepository().getBranch()).as("the user's checked-out branch is untouched")
          .isNotEqualTo("orkestra/T-1");
    }
    // The next step starts from the published commit and finds the first step's files.
    try (Workspace next = workspaces.checkout(repo.dir().toString(), commit)) {
      assertThat(Files.readString(next.file("docs/new.md"))).isEqualTo("new\n");
      assertThat(next.file("src/App.java")).doesNotExist();
    }
  }

  @Test
  void nothingChangedCommitsNothing() throws Exception {
    try (Workspace ws = workspaces.checkout(repo.dir().toString(), base)) {
      assertThat(ws.commitAll("nothing", AUTHOR)).isEmpty();
    }
  }

  @Test
  void aBranchThatMovedIsNotOverwritten() throws Exception {
    String first;
    try (Workspace ws = workspaces.checkout(repo.dir().toString(), base)) {
      Files.writeString(ws.file("a.txt"), "a\n");
      first = ws.commitAll("first", AUTHOR).orElseThrow();
      ws.publish("orkestra/T-2", first, null);
      ws.publish("orkestra/T-2", first, null); // a redelivered request publishes the same commit again
    }
    try (Workspace ws = workspaces.checkout(repo.dir().toString(), base)) {
      Files.writeString(ws.file("b.txt"), "b\n");
      String second = ws.commitAll("second", AUTHOR).orElseThrow();
      assertThatThrownBy(() -> ws.publish("orkestra/T-2", second, null))
          .isInstanceOfSatisfying(BranchMovedException.class, e -> assertThat(e.actualHead()).isEqualTo(first));
      assertThatThrownBy(() -> ws.publish("orkestra/T-2", second, base))
          .isInstanceOfSatisfying(BranchMovedException.class, e -> assertThat(e.actualHead()).isEqualTo(first));
    }
    assertThat(workspaces.branchHead(repo.dir().toString(), "orkestra/T-2")).isEqualTo(first);
  }

  @Test
  void aLaterAttemptReplacesAnUnacceptedOneButNobodyElsesWork() throws Exception {
    String first;
    try (Workspace ws = workspaces.checkout(repo.dir().toString(), base)) {
      Files.writeString(ws.file("a.txt"), "attempt 1\n");
      first = ws.commitAll("T-4 S1\n\nOrkestra-Task: T-4", AUTHOR).orElseThrow();
      ws.publishOver("orkestra/T-4", first, base, c -> false);
    }
    String second;
    try (Workspace ws = workspaces.checkout(repo.dir().toString(), base)) {
      Files.writeString(ws.file("a.txt"), "attempt 2\n");
      second = ws.commitAll("T-4 S1\n\nOrkestra-Task: T-4", AUTHOR).orElseThrow();
      assertThatThrownBy(() -> ws.publishOver("orkestra/T-4", second, base, c -> false))
          .isInstanceOfSatisfying(BranchMovedException.class, e -> assertThat(e.actualHead()).isEqualTo(first));
      ws.publishOver("orkestra/T-4", second, base, c -> c.getFullMessage().contains("Orkestra-Task: T-4"));
      ws.publishOver("orkestra/T-4", second, base, c -> false); // published again: nothing to do
    }
    assertThat(workspaces.branchHead(repo.dir().toString(), "orkestra/T-4")).isEqualTo(second);
    // Two commits above the accepted head are not one unaccepted attempt: not replaced.
    try (Workspace ws = workspaces.checkout(repo.dir().toString(), second)) {
      Files.writeString(ws.file("b.txt"), "someone's\n");
      String third = ws.commitAll("T-4 manual\n\nOrkestra-Task: T-4", AUTHOR).orElseThrow();
      ws.publish("orkestra/T-4", third, second);
    }
    try (Workspace ws = workspaces.checkout(repo.dir().toString(), base)) {
      Files.writeString(ws.file("a.txt"), "attempt 3\n");
      String fourth = ws.commitAll("T-4 S1\n\nOrkestra-Task: T-4", AUTHOR).orElseThrow();
      assertThatThrownBy(() -> ws.publishOver("orkestra/T-4", fourth, base, c -> true))
          .isInstanceOf(BranchMovedException.class);
    }
  }

  @Test
  void onlyTaskBranchesAreWritten() throws Exception {
    try (Workspace ws = workspaces.checkout(repo.dir().toString(), base)) {
      Files.writeString(ws.file("a.txt"), "a\n");
      String commit = ws.commitAll("c", AUTHOR).orElseThrow();
      for (String branch : new String[] {"master", "main", "orkestra/", "orkestra/a..b", "orkestra/x.lock"}) {
        assertThatThrownBy(() -> ws.publish(branch, commit, base)).isInstanceOf(SourceException.class)
            .hasMessageContaining("is not a task branch");
      }
    }
  }

  @Test
  void editsOutsideTheWorkTreeOrIntoGitAreRefused() throws Exception {
    Files.writeString(tmp.resolve("outside.txt"), "x");
    repo.symlink("escape", tmp.toString()).symlink("inner", "src");
    String withLinks = repo.commit("links");
    try (Workspace ws = workspaces.checkout(repo.dir().toString(), withLinks)) {
      assertThatThrownBy(() -> ws.file("../outside.txt")).hasMessageContaining("'..'");
      assertThatThrownBy(() -> ws.file("/etc/passwd")).hasMessageContaining("relative to the repository root");
      assertThatThrownBy(() -> ws.file(".git/config")).hasMessageContaining("inside .git");
      assertThatThrownBy(() -> ws.file("src/.GIT/hooks/pre-commit")).hasMessageContaining("inside .git");
      assertThatThrownBy(() -> ws.file("escape/outside.txt")).hasMessageContaining("symlink out of the work tree");
      assertThat(ws.file("inner/App.java")).as("a link inside the tree is fine").isNotNull();
    }
  }

  @Test
  void aCommitTheRepositoryDoesNotHaveAndARepositoryOutsideTheRootsAreRefused() throws Exception {
    assertThatThrownBy(() -> workspaces.checkout(repo.dir().toString(), "0".repeat(40)))
        .isInstanceOfSatisfying(SourceException.class,
            e -> assertThat(e.kind()).isEqualTo(SourceException.Kind.NOT_FOUND))
        .hasMessageContaining("not found");
    try (GitRepoBuilder other = GitRepoBuilder.init(tmp.resolve("other")).file("x", "y")) {
      String commit = other.commit("x");
      assertThatThrownBy(() -> workspaces.checkout(other.dir().toString(), commit))
          .hasMessageContaining("outside the allowed roots");
    }
  }

  @Test
  void aRemoteStandInIsClonedAndItsTaskBranchPushed() throws Exception {
    Path bare = tmp.resolve("remote.git");
    Git.cloneRepository().setURI(repo.dir().toUri().toString()).setBare(true).setDirectory(bare.toFile()).call()
        .close();
    Workspaces remote = new Workspaces(tmp.resolve("ws2"), SourcePolicy.localRoots(bare), SourceLimits.DEFAULT,
        Map.<String, String>of()::get);
    String url = bare.toUri().toString();
    String commit;
    try (Workspace ws = remote.checkout(url, base)) {
      Files.writeString(ws.file("README.md"), "changed\n");
      commit = ws.commitAll("T-3 S1", AUTHOR).orElseThrow();
      ws.publish("orkestra/T-3", commit, null);
    }
    try (Git git = Git.open(bare.toFile())) {
      assertThat(git.getRepository().resolve("refs/heads/orkestra/T-3").name()).isEqualTo(commit);
      assertThat(git.getRepository().resolve("refs/heads/main").name()).as("the base branch is untouched")
          .isEqualTo(base);
    }
  }
}
