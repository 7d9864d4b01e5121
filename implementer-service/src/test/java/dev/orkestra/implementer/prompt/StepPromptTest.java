package dev.orkestra.implementer.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.task.ImplementationRequested;
import dev.orkestra.events.task.PlanStep;
import dev.orkestra.implementer.StepRequests;
import dev.orkestra.runtime.source.GitRepoBuilder;
import dev.orkestra.runtime.source.SourceLimits;
import dev.orkestra.runtime.source.SourcePolicy;
import dev.orkestra.runtime.workspace.Workspace;
import dev.orkestra.runtime.workspace.Workspaces;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepPromptTest {

  @TempDir Path tmp;
  private Workspace workspace;
  private String base;

  @BeforeEach
  void setUp() throws Exception {
    GitRepoBuilder repo = GitRepoBuilder.init(tmp.resolve("repo")).file("README.md", "Phase 1: in progress.\n")
        .file("src/search/a.py", "A = 1\n").file("src/search/b.py", "B = '```'\n")
        .file("src/big.txt", "0123456789\n".repeat(3_000)).file("logo.png", new byte[] {(byte) 0x89, 'P', 0, 0});
    for (int i = 0; i < StepPrompt.MAX_TREE_LINES + 5; i++) {
      repo.file("gen/f" + i + ".txt", "x\n");
    }
    base = repo.commit("base");
    repo.close();
    workspace = new Workspaces(tmp.resolve("ws"), SourcePolicy.localRoots(tmp.resolve("repo")), SourceLimits.DEFAULT,
        Map.<String, String>of()::get).checkout(tmp.resolve("repo").toString(), base);
  }

  @AfterEach
  void tearDown() {
    workspace.close();
  }

  @Test
  void feedbackComesFirstThenTaskStepFilesAndTree() throws Exception {
    ImplementationRequested request = StepRequests.request("RAE-002", "repo", base, "m")
        .setFeedback(List.of("Add the date.", "Keep the title.")).build();

    String prompt = StepPrompt.user(request, workspace, null);

    assertThat(prompt).startsWith("# Feedback on the previous attempt (address every point)\n- Add the date.\n"
        + "- Keep the title.\n\n# Task RAE-002\nGoal: Update README with Phase 1 completion status\n");
    assertThat(prompt).containsSubsequence("# Step S1 to carry out now", "Description: Mark Phase 1 as complete",
        "Files to modify:\n- README.md", "Done when:\n- README says Phase 1 is complete",
        "# Files of the step (at commit " + base + ")", "## README.md\n```\nPhase 1: in progress.\n```",
        "# Repository files", "README.md\n");
    assertThat(prompt).contains("Constraints:\n- ZERO-WARNINGS").contains("no new warnings (ZERO-WARNINGS)");
    assertThat(prompt).as("the README is named twice, shown once").containsOnlyOnce("## README.md");
    assertThat(prompt).contains("… and 10 more files\n");
  }

  @Test
  void globsFoldersBinaryAndLargeFilesAndMissingOnesAreSaid() throws Exception {
    ImplementationRequested.Builder builder = StepRequests.request("RAE-002", "repo", base, "m");
    ImplementationRequested request = builder.setStep(PlanStep.newBuilder(builder.getStep())
        .setFilesToRead(List.of("src/search/*", "src/big.txt", "logo.png"))
        .setFilesToCreate(List.of("src/search/hybrid.py")).build()).build();

    String prompt = StepPrompt.user(request, workspace, "a".repeat(40));

    assertThat(prompt).contains("## src/search/a.py\n```\nA = 1\n```")
        .as("a fence longer than the file's backticks").contains("## src/search/b.py\n````\nB = '```'\n````")
        .contains("## logo.png\n(binary, 4 bytes; not shown)")
        .contains("## src/big.txt\n(cut: the file has 33000 bytes; only its first 1818 lines are shown")
        .contains("Not in the repository yet: src/search/hybrid.py")
        .contains("the task branch holds an earlier attempt of this step");
    assertThat(prompt).doesNotContain("# Feedback");
  }

  @Test
  void theSystemMessageDescribesBothFormats() {
    assertThat(StepPrompt.system()).contains("<<<<<<< SEARCH").contains(">>>>>>> REPLACE")
        .contains("Whole-file block").contains("Confidence: X");
  }
}
