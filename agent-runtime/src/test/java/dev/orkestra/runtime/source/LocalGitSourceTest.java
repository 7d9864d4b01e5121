package dev.orkestra.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.events.common.RepoRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalGitSourceTest {

  @TempDir
  Path tmp;

  private GitRepoBuilder repo;
  private String first;
  private String second;
  private LocalGitSource source;

  @BeforeEach
  void buildRepository() {
    repo = GitRepoBuilder.init(tmp.resolve("work"));
    first = repo.file("README.md", "# Demo\n").file("src/auth.py", "def login():\n    return True\n")
        .file("logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1}).commit("first");
    repo.tag("v1");
    second = repo.file("README.md", "# Demo\n\nNow with docs.\n").commit("second");
    source = new LocalGitSource(tmp.resolve("clones"), new SourceLimits(1024, Duration.ofSeconds(10)));
  }

  @Test
  void resolvesTheDefaultBranchTagsAndShas() throws Exception {
    assertThat(source.resolve(ref(null, null))).isEqualTo(new ResolvedRef("main", second));
    assertThat(source.resolve(ref("v1", null)).commitSha()).isEqualTo(first);
    assertThat(source.resolve(ref(first, null)).commitSha()).isEqualTo(first);
  }

  @Test
  void readsCommittedContentAtTheCommitWithItsBlobSha() throws Exception {
    FileBlob now = source.read(ref("main", second), "README.md");
    FileBlob then = source.read(ref("main", first), "README.md");

    assertThat(now.text()).isEqualTo("# Demo\n\nNow with docs.\n");
    assertThat(now.blobSha()).isEqualTo(GitRepoBuilder.blobSha("# Demo\n\nNow with docs.\n"));
    assertThat(then.text()).isEqualTo("# Demo\n");
    repo.file("README.md", "uncommitted edit\n");
    assertThat(source.read(ref("main", second), "README.md").text()).isEqualTo(now.text());
  }

  @Test
  void namesWhatIsMissingOrRefused() {
    assertThatThrownBy(() -> source.read(ref("main", second), "nonexistent/file.js"))
        .isInstanceOfSatisfying(SourceException.class, e -> {
          assertThat(e.kind()).isEqualTo(SourceException.Kind.NOT_FOUND);
          assertThat(e.getMessage()).isEqualTo("file not found at path 'nonexistent/file.js'");
        });
    assertThatThrownBy(() -> source.read(ref("main", second), "src"))
        .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.kind()).isEqualTo(SourceException.Kind.NOT_FOUND));
    assertThatThrownBy(() -> source.read(ref("main", second), "logo.png"))
        .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.kind()).isEqualTo(SourceException.Kind.NOT_TEXT));
    assertThatThrownBy(() -> source.resolve(ref("no-such-branch", null)))
        .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.getMessage()).contains("ref 'no-such-branch' not found"));
    assertThatThrownBy(() -> source.resolve(new RepoRef(dev.orkestra.events.common.RepoKind.LOCAL,
        tmp.resolve("nowhere").toString(), null, null)))
        .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.field()).isEqualTo("repo"));
  }

  @Test
  void refusesFilesAboveTheSizeLimit() throws Exception {
    String commit = repo.file("big.txt", "x".repeat(2048)).commit("big");
    assertThatThrownBy(() -> source.read(ref("main", commit), "big.txt"))
        .isInstanceOfSatisfying(SourceException.class, e -> {
          assertThat(e.kind()).isEqualTo(SourceException.Kind.TOO_LARGE);
          assertThat(e.getMessage()).contains("2048 bytes, above the 1024-byte limit");
        });
  }

  @Test
  void rejectsTraversalAndAbsolutePathsNamingTheField() {
    for (String bad : List.of("../etc/passwd", "/etc/passwd", "src/../../x", "a//b", "C:/windows")) {
      assertThatThrownBy(() -> source.read(ref("main", second), bad))
          .as(bad)
          .isInstanceOfSatisfying(SourceException.class, e -> {
            assertThat(e.kind()).isEqualTo(SourceException.Kind.INVALID);
            assertThat(e.field()).isEqualTo("path");
            assertThat(e.getMessage()).startsWith("invalid path: ");
          });
    }
    assertThatThrownBy(() -> source.resolve(ref("main..evil", null)))
        .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.field()).isEqualTo("ref"));
  }

  @Test
  void listsEveryFileWithBlobShaAndSize() throws Exception {
    List<FileEntry> files = source.list(ref("main", second));
    assertThat(files).extracting(FileEntry::path).containsExactlyInAnyOrder("README.md", "src/auth.py", "logo.png");
    assertThat(files).filteredOn(f -> f.path().equals("src/auth.py")).singleElement()
        .satisfies(f -> assertThat(f.blobSha()).isEqualTo(GitRepoBuilder.blobSha("def login():\n    return True\n")))
        .satisfies(f -> assertThat(f.sizeBytes()).isEqualTo(29));
  }

  @Test
  void readsBareRepositoriesAndCloneUrls() throws Exception {
    Path bare = tmp.resolve("bare.git");
    Git.cloneRepository().setURI(repo.dir().toUri().toString()).setBare(true).setDirectory(bare.toFile()).call().close();
    RepoRef bareRef = new RepoRef(dev.orkestra.events.common.RepoKind.LOCAL, bare.toString(), null, null);
    assertThat(source.resolve(bareRef).commitSha()).isEqualTo(second);

    RepoRef url = new RepoRef(dev.orkestra.events.common.RepoKind.LOCAL, repo.dir().toUri().toString(), null, null);
    ResolvedRef resolved = source.resolve(url);
    RepoRef pinned = RepoRef.newBuilder(url).setCommitSha(resolved.commitSha()).build();
    assertThat(source.read(pinned, "src/auth.py").text()).startsWith("def login()");
    assertThat(tmp.resolve("clones")).isNotEmptyDirectory();
  }

  private RepoRef ref(String ref, String commit) {
    return new RepoRef(dev.orkestra.events.common.RepoKind.LOCAL, repo.dir().toString(), ref, commit);
  }
}
