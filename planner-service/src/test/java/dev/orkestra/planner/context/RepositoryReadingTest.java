package dev.orkestra.planner.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.runtime.source.GitRepoBuilder;
import dev.orkestra.runtime.source.SourceLimits;
import dev.orkestra.runtime.source.SourcePolicy;
import dev.orkestra.runtime.source.SourceReaders;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryReadingTest {

  @TempDir
  Path temp;

  private RepositorySnapshot snapshot;
  private RepositoryReading reading;
  private String head;

  @BeforeEach
  void setUp() throws Exception {
    try (GitRepoBuilder repo = GitRepoBuilder.init(temp.resolve("repo"))) {
      repo.file("AGENTS.md", "Run the tests.\n")
          .file("contributing.md", "Small commits.\n")
          .file(".orkestra/style.md", "Type hints.\n")
          .file(".orkestra/deep/other.md", "not a policy file\n")
          .file(".orkestra/notes.txt", "not markdown\n")
          .file("big.txt", "b".repeat(50_000))
          .file("logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1})
          .file("src/a.py", "a = 1\n").file("src/b.py", "b = 2\n").file("src/c.py", "c = 3\n");
      head = repo.commit("base");
    }
    reading = new RepositoryReading(SourceReaders.create(temp.resolve("state"), SourceLimits.DEFAULT,
        SourcePolicy.localRoots(temp), name -> null), new ContextBounds(5, 12_000, 12_000, 2, 8_000, 20_000));
    snapshot = reading.at(RepoRef.newBuilder().setKind(RepoKind.LOCAL).setRepo(temp.resolve("repo").toString())
        .build(), "task.repo");
  }

  @Test
  void theRefResolvesOnceAndEveryReadUsesThatCommit() {
    assertThat(snapshot.commitSha()).isEqualTo(head);
    assertThat(snapshot.files().matching("src/")).containsExactly("src/a.py", "src/b.py", "src/c.py");
    assertThat(snapshot.files().matching("src/*.py")).hasSize(3);
    assertThat(snapshot.files().matching("./AGENTS.md")).containsExactly("AGENTS.md");
    assertThat(snapshot.files().matching("sr")).as("a directory is a path segment, not a prefix").isEmpty();
  }

  @Test
  void aHugeContextFileIsCutAndThePromptSaysSoAndWhatDidNotFitIsNamed() throws Exception {
    String section = reading.contextFiles(snapshot, List.of("big.txt", "src/", "missing.md", "logo.png"));

    assertThat(section).contains("### big.txt (cut: the first 12000 of 50000 characters)")
        .doesNotContain("b".repeat(12_001))
        .contains("Note: context entry 'src/' holds 3 files; the first 2 are included")
        .contains("Not shown, the 12000-character budget for these files was used up: src/a.py, src/b.py, logo.png")
        .contains("Note: context file 'missing.md' matches no file at " + head)
        .doesNotContain("src/c.py");
    assertThat(section.length()).isLessThan(12_000 + 1_000);
  }

  @Test
  void policyFilesAreTheRootOnesAndOrkestraMarkdownBinaryIsNotedNotShown() throws Exception {
    String policies = reading.policyFiles(snapshot);
    String binary = reading.contextFiles(snapshot, List.of("logo.png"));

    assertThat(policies).contains("### AGENTS.md").contains("Run the tests.").contains("### contributing.md")
        .contains("### .orkestra/style.md").doesNotContain("other.md").doesNotContain("notes.txt");
    assertThat(binary).isEqualTo("Note: file 'logo.png' is binary, not shown\n");
  }

  @Test
  void aLargeTreeIsSummarizedByDirectory() {
    String tree = reading.tree(snapshot);

    assertThat(tree).startsWith("10 files, more than the 5 paths a prompt lists")
        .contains("AGENTS.md\nbig.txt\n... and 2 more files at the root\n").contains(".orkestra/ (3 files)")
        .endsWith("... and 1 more directories\n");
  }
}
