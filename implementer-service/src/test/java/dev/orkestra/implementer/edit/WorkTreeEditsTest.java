package dev.orkestra.implementer.edit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.implementer.edit.EditBlock.SearchReplace;
import dev.orkestra.implementer.edit.EditBlock.WholeFile;
import dev.orkestra.runtime.source.GitRepoBuilder;
import dev.orkestra.runtime.source.SourceLimits;
import dev.orkestra.runtime.source.SourcePolicy;
import dev.orkestra.runtime.workspace.Workspace;
import dev.orkestra.runtime.workspace.Workspaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkTreeEditsTest {

  private static final String APP = """
      class App {
        int a() {
          return 1;
        }

        int b() {
          return 1;
        }
      }
      """;

  @TempDir Path tmp;
  private Workspace workspace;

  @BeforeEach
  void setUp() throws Exception {
    GitRepoBuilder repo = GitRepoBuilder.init(tmp.resolve("repo")).file("src/App.java", APP)
        .file("win.txt", "one\r\ntwo\r\nthree\r\n").file("bin.dat", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1})
        .file("notes.txt", "first\nlast");
    String base = repo.commit("base");
    repo.close();
    Workspaces workspaces = new Workspaces(tmp.resolve("ws"), SourcePolicy.localRoots(tmp.resolve("repo")),
        SourceLimits.DEFAULT, Map.<String, String>of()::get);
    workspace = workspaces.checkout(tmp.resolve("repo").toString(), base);
  }

  @AfterEach
  void tearDown() {
    workspace.close();
  }

  @Test
  void aSearchThatMatchesOnceIsReplacedAndWrittenOnlyOnWrite() throws Exception {
    WorkTreeEdits edits = new WorkTreeEdits(workspace);

    List<BlockFailure> failures = edits.apply(List.of(new SearchReplace("src/App.java",
        "  int a() {\n    return 1;\n", "  int a() {\n    return 2;\n")));

    assertThat(failures).isEmpty();
    assertThat(edits.changed()).containsExactly("src/App.java");
    assertThat(read("src/App.java")).as("nothing on disk before write").isEqualTo(APP);
    edits.write();
    assertThat(read("src/App.java")).isEqualTo(APP.replaceFirst("return 1", "return 2"));
  }

  @Test
  void aSearchThatMatchesNowhereFailsWithTheNearestLines() {
    WorkTreeEdits edits = new WorkTreeEdits(workspace);

    List<BlockFailure> failures = edits.apply(List.of(new SearchReplace("src/App.java",
        "int b() {\n  return 1;\n", "int b() {\n  return 3;\n")));

    assertThat(failures).singleElement().satisfies(failure -> {
      assertThat(failure.reason()).isEqualTo("the SEARCH section matches no lines of src/App.java");
      assertThat(failure.nearest()).hasValueSatisfying(nearest -> {
        assertThat(nearest.text()).contains("  int b() {\n    return 1;\n");
        assertThat(nearest.start()).isEqualTo(3);
      });
    });
    assertThat(edits.changed()).isEmpty();
  }

  @Test
  void aSearchThatMatchesTwiceIsAmbiguous() {
    List<BlockFailure> failures = new WorkTreeEdits(workspace).apply(List.of(new SearchReplace("src/App.java",
        "    return 1;\n", "    return 0;\n")));

    assertThat(failures).singleElement().extracting(BlockFailure::reason).asString()
        .contains("matches 2 places").contains("lines [3, 7]");
  }

  @Test
  void searchMatchesWholeLinesOnly() {
    List<BlockFailure> failures = new WorkTreeEdits(workspace).apply(List.of(new SearchReplace("src/App.java",
        "int a() {\n", "int z() {\n")));

    assertThat(failures).as("'int a() {' is only part of the line '  int a() {'").hasSize(1);
  }

  @Test
  void laterBlocksApplyToWhatEarlierOnesLeftAndAFailedBlockKeepsTheOthers() {
    WorkTreeEdits edits = new WorkTreeEdits(workspace);

    List<BlockFailure> failures = edits.apply(List.of(
        new SearchReplace("src/App.java", "  int a() {\n", "  int first() {\n"),
        new SearchReplace("src/App.java", "  int first() {\n    return 1;\n", "  int first() {\n    return 10;\n"),
        new SearchReplace("src/App.java", "nothing like this\n", "x\n")));

    assertThat(failures).hasSize(1);
    assertThat(edits.changed()).containsExactly("src/App.java");
  }

  @Test
  void anEmptySearchCreatesANewFileButNeverOverwritesOne() throws Exception {
    WorkTreeEdits edits = new WorkTreeEdits(workspace);

    List<BlockFailure> failures = edits.apply(List.of(new SearchReplace("docs/new/guide.md", "", "# Guide\n"),
        new SearchReplace("src/App.java", "", "class Other {}\n"),
        new SearchReplace("missing.txt", "x\n", "y\n")));

    assertThat(failures).extracting(BlockFailure::reason).containsExactly(
        "the SEARCH section is empty, which creates a new file, but src/App.java exists: to change it, SEARCH for "
            + "the lines to replace",
        "missing.txt does not exist (an empty SEARCH section creates a new file)");
    edits.write();
    assertThat(read("docs/new/guide.md")).isEqualTo("# Guide\n");
    assertThat(read("src/App.java")).isEqualTo(APP);
  }

  @Test
  void crlfFilesKeepTheirLineEndsAndAFileWithoutAFinalNewlineKeepsThat() throws Exception {
    WorkTreeEdits edits = new WorkTreeEdits(workspace);

    assertThat(edits.apply(List.of(new SearchReplace("win.txt", "two\n", "2\nand a half\n"),
        new SearchReplace("notes.txt", "last\n", "final\n")))).isEmpty();
    edits.write();

    assertThat(read("win.txt")).isEqualTo("one\r\n2\r\nand a half\r\nthree\r\n");
    assertThat(read("notes.txt")).isEqualTo("first\nfinal");
  }

  @Test
  void wholeFileBlocksReplaceOrCreate() throws Exception {
    WorkTreeEdits edits = new WorkTreeEdits(workspace);

    assertThat(edits.apply(List.of(new WholeFile("src/App.java", "class App {}\n"),
        new WholeFile("win.txt", "a\nb\n"), new WholeFile("src/New.java", "class New {}\n")))).isEmpty();
    edits.write();

    assertThat(read("src/App.java")).isEqualTo("class App {}\n");
    assertThat(read("win.txt")).isEqualTo("a\r\nb\r\n");
    assertThat(read("src/New.java")).isEqualTo("class New {}\n");
  }

  @Test
  void pathsOutsideTheTreeOrIntoGitAndBinaryFilesAreRefused() throws Exception {
    WorkTreeEdits edits = new WorkTreeEdits(workspace);

    List<BlockFailure> failures = edits.apply(List.of(new WholeFile("../outside.txt", "x\n"),
        new WholeFile(".git/hooks/pre-commit", "#!/bin/sh\nrm -rf /\n"),
        new WholeFile("/etc/passwd", "x\n"),
        new SearchReplace("bin.dat", "x\n", "y\n"),
        new SearchReplace("src", "x\n", "y\n")));

    assertThat(failures).extracting(BlockFailure::reason).satisfiesExactly(
        r -> assertThat(r).startsWith("refused:").contains("'..'"),
        r -> assertThat(r).startsWith("refused:").contains("inside .git"),
        r -> assertThat(r).startsWith("refused:").contains("relative to the repository root"),
        r -> assertThat(r).contains("not UTF-8 text"),
        r -> assertThat(r).contains("is a directory"));
    edits.write();
    assertThat(tmp.resolve("ws/outside.txt")).doesNotExist();
    assertThat(workspace.dir().resolve(".git/hooks/pre-commit")).doesNotExist();
  }

  @Test
  void aFileOverTheLimitIsNotWritten() {
    List<BlockFailure> failures = new WorkTreeEdits(workspace).apply(List.of(
        new WholeFile("big.txt", "x".repeat(WorkTreeEdits.MAX_FILE_BYTES + 1))));

    assertThat(failures).singleElement().extracting(BlockFailure::reason).asString().contains("larger than");
  }

  private String read(String path) throws Exception {
    return Files.readString(workspace.dir().resolve(path));
  }
}
