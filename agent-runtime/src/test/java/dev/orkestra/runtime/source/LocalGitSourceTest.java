package dev.orkestra.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
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
    source = source(SourcePolicy.localRoots(tmp));
  }

  @Test
  void resolvesTheDefaultBranchTagsAndShas() throws Exception {
    assertThat(source.resolve(ref(null, null))).isEqualTo(new ResolvedRef("main", second));
    assertThat(source.resolve(ref("v1", null)).commitSha()).isEqualTo(first);
    assertThat(source.resolve(ref(first, null)).commitSha()).isEqualTo(first);
  }

  @Test
  void honoursAPinnedCommitAndKeepsTheRefAsGiven() throws Exception {
    assertThat(source.resolve(ref("main", first))).isEqualTo(new ResolvedRef("main", first));
    assertThat(source.resolve(ref(null, first.substring(0, 10).toUpperCase()))).isEqualTo(new ResolvedRef(null, first));
    String unknown = "0123456789abcdef0123456789abcdef01234567";
    assertThatThrownBy(() -> source.resolve(ref("main", unknown)))
        .isInstanceOfSatisfying(SourceException.class, e -> {
          assertThat(e.kind()).isEqualTo(SourceException.Kind.NOT_FOUND);
          assertThat(e.getMessage()).isEqualTo("commit " + unknown + " not found in repository " + repo.dir());
        });
    assertThatThrownBy(() -> source.resolve(ref("main", "not-hex")))
        .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.getMessage())
            .isEqualTo("invalid commitSha: must be 7-40 hexadecimal characters (a commit SHA), was 'not-hex'"));
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
    assertThatThrownBy(() -> source.resolve(new RepoRef(RepoKind.LOCAL,
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
  void refusesRefNamesGitRefuses() {
    for (String bad : List.of("main@{1}", "a?b", "a*b", "a[b", "topic.lock", "a/.b", "a//b", "-x", "a:b", "end/")) {
      assertThatThrownBy(() -> source.resolve(ref(bad, null)))
          .as(bad)
          .isInstanceOfSatisfying(SourceException.class, e -> {
            assertThat(e.kind()).isEqualTo(SourceException.Kind.INVALID);
            assertThat(e.field()).isEqualTo("ref");
          });
    }
  }

  @Test
  void followsSymlinksInsideTheTreeAndNeverOutOfIt() throws Exception {
    String commit = repo.symlink("docs/readme-link.md", "../README.md").symlink("docs/chain.md", "readme-link.md")
        .symlink("escape", "../../../etc/passwd").symlink("absolute", "/etc/passwd")
        .symlink("dangling", "docs/missing.md").symlink("loop-a", "loop-b").symlink("loop-b", "loop-a")
        .symlink("srclink", "src").commit("links");
    RepoRef at = ref("main", commit);
    String readme = "# Demo\n\nNow with docs.\n";

    for (String link : List.of("docs/readme-link.md", "docs/chain.md")) {
      FileBlob blob = source.read(at, link);
      assertThat(blob.text()).as(link).isEqualTo(readme);
      assertThat(blob.blobSha()).isEqualTo(GitRepoBuilder.blobSha(readme));
    }
    assertNotFound(at, "escape", "file not found at path 'escape' (a symlink to '../../../etc/passwd', outside the repository)");
    assertNotFound(at, "absolute", "file not found at path 'absolute' (a symlink to '/etc/passwd', outside the repository)");
    assertNotFound(at, "dangling",
        "file not found at path 'dangling' (a symlink to 'docs/missing.md', which is not a file at the commit)");
    assertNotFound(at, "loop-a", "file not found at path 'loop-a' (more than 8 symlinks in a row)");
    assertNotFound(at, "srclink", "file not found at path 'srclink' (a symlink to 'src', which is not a file at the commit)");
    // A link in a directory position is not followed (nor is it by GitHub's contents API).
    assertNotFound(at, "srclink/auth.py", "file not found at path 'srclink/auth.py'");
    assertThat(source.list(at)).extracting(FileEntry::path).containsExactlyInAnyOrder("README.md", "src/auth.py",
        "logo.png");
  }

  @Test
  void refusesRepositoriesOutsideTheAllowedRootsNamingTheRule() throws Exception {
    Path other = tmp.resolve("other");
    try (GitRepoBuilder outside = GitRepoBuilder.init(other)) {
      outside.file("secret.txt", "not yours\n").commit("other");
    }
    Files.createSymbolicLink(repo.dir().resolve("sneaky"), other);
    LocalGitSource confined = source(SourcePolicy.localRoots(repo.dir()));
    String canonicalOther = other.toRealPath().toString();

    for (String outside : List.of(other.toString(), repo.dir() + "/../other", repo.dir() + "/sneaky",
        other.toUri().toString())) {
      assertThatThrownBy(() -> confined.resolve(new RepoRef(RepoKind.LOCAL, outside, null, null)))
          .as(outside)
          .isInstanceOfSatisfying(SourceException.class, e -> {
            assertThat(e.kind()).isEqualTo(SourceException.Kind.INVALID);
            assertThat(e.field()).isEqualTo("repo");
            assertThat(e.getMessage()).isEqualTo("invalid repo: local repository '" + canonicalOther
                + "' is outside the allowed roots (orkestra.sources.local.roots); allow it with"
                + " `orkestra up --repo-root DIR` or ORKESTRA_SOURCES_LOCAL_ROOTS");
          });
    }
    assertThat(confined.resolve(ref(null, null)).commitSha()).isEqualTo(second);
    assertThat(tmp.resolve("clones")).doesNotExist();
    assertThatThrownBy(() -> source(SourcePolicy.none()).resolve(ref(null, null)))
        .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.getMessage())
            .contains("is outside the allowed roots (orkestra.sources.local.roots, none configured)"));
  }

  @Test
  void clonesOnlyFromAllowedHostsAndNeverWithCredentials() {
    assertThatThrownBy(() -> source.resolve(new RepoRef(RepoKind.LOCAL, "https://git.example.org/team/app.git", null,
        null)))
        .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.getMessage()).isEqualTo(
            "invalid repo: clone host 'git.example.org' is not allowed (orkestra.sources.clone.hosts, none configured);"
                + " allow it with `orkestra up --clone-host HOST` or ORKESTRA_SOURCES_CLONE_HOSTS"));
    LocalGitSource withHost = source(SourcePolicy.localRoots(tmp).withCloneHosts("git.example.org"));
    for (String url : List.of("https://alice:ghp_s3cretToken@git.example.org/team/app.git",
        "https://ghp_s3cretToken@git.example.org/team/app.git", "alice:ghp_s3cretToken@git.example.org/team/app.git")) {
      assertThatThrownBy(() -> withHost.resolve(new RepoRef(RepoKind.LOCAL, url, null, null)))
          .isInstanceOfSatisfying(SourceException.class, e -> {
            assertThat(e.kind()).isEqualTo(SourceException.Kind.INVALID);
            assertThat(e.getMessage()).startsWith("invalid repo: credentials in repository URLs are refused")
                .doesNotContain("s3cret").doesNotContain("alice");
          });
    }
    for (String ssh : List.of("git@git.example.org:team/app.git", "ssh://git@git.example.org/team/app.git")) {
      assertThatThrownBy(() -> withHost.resolve(new RepoRef(RepoKind.LOCAL, ssh, null, null)))
          .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.getMessage())
              .startsWith("invalid repo: SSH repositories (ssh://, user@host:path) are not supported"));
    }
    assertThat(tmp.resolve("clones")).doesNotExist();
  }

  @Test
  void stopsACloneThatGrowsPastTheCapAndRemovesWhatItFetched() throws Exception {
    Random random = new Random(7);
    GitRepoBuilder big = GitRepoBuilder.init(tmp.resolve("big"));
    for (int i = 0; i < 6; i++) {
      byte[] noise = new byte[64 * 1024];
      random.nextBytes(noise);
      big.file("noise-" + i + ".bin", noise);
    }
    String head = big.commit("incompressible");
    big.close();
    RepoRef url = new RepoRef(RepoKind.LOCAL, tmp.resolve("big").toUri().toString(), null, null);

    assertThatThrownBy(() -> source(SourcePolicy.localRoots(tmp).withMaxCloneBytes(100_000)).resolve(url))
        .isInstanceOfSatisfying(SourceException.class, e -> {
          assertThat(e.kind()).isEqualTo(SourceException.Kind.TOO_LARGE);
          assertThat(e.getMessage()).isEqualTo("clone of " + url.getRepo() + " stopped: the mirror grew past the"
              + " 100000-byte limit (orkestra.sources.max.clone.bytes)");
        });
    assertThat(tmp.resolve("clones")).isEmptyDirectory();
    assertThat(source(SourcePolicy.localRoots(tmp).withMaxCloneBytes(1_000_000)).resolve(url).commitSha())
        .isEqualTo(head);
  }

  @Test
  void readsAWorkTreeWhoseGitDirectoryLivesElsewhere() throws Exception {
    // As `git worktree add` and `git init --separate-git-dir` leave it: ".git" is a file naming the git dir.
    Path linked = Files.createDirectories(tmp.resolve("linked"));
    Files.writeString(linked.resolve(".git"), "gitdir: " + repo.dir().resolve(".git") + "\n");

    assertThat(source.resolve(new RepoRef(RepoKind.LOCAL, linked.toString(), "main", null)).commitSha())
        .isEqualTo(second);
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
    RepoRef bareRef = new RepoRef(RepoKind.LOCAL, bare.toString(), null, null);
    assertThat(source.resolve(bareRef).commitSha()).isEqualTo(second);

    RepoRef url = new RepoRef(RepoKind.LOCAL, repo.dir().toUri().toString(), null, null);
    ResolvedRef resolved = source.resolve(url);
    RepoRef pinned = RepoRef.newBuilder(url).setCommitSha(resolved.commitSha()).build();
    assertThat(source.read(pinned, "src/auth.py").text()).startsWith("def login()");
    assertThat(tmp.resolve("clones")).isNotEmptyDirectory();
  }

  private void assertNotFound(RepoRef at, String path, String message) {
    assertThatThrownBy(() -> source.read(at, path))
        .as(path)
        .isInstanceOfSatisfying(SourceException.class, e -> {
          assertThat(e.kind()).isEqualTo(SourceException.Kind.NOT_FOUND);
          assertThat(e.getMessage()).isEqualTo(message);
        });
  }

  private LocalGitSource source(SourcePolicy policy) {
    return new LocalGitSource(tmp.resolve("clones"), new SourceLimits(1024, Duration.ofSeconds(10)), policy);
  }

  private RepoRef ref(String ref, String commit) {
    return new RepoRef(RepoKind.LOCAL, repo.dir().toString(), ref, commit);
  }
}
