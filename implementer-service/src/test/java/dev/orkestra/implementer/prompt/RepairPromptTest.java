package dev.orkestra.implementer.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.implementer.edit.BlockFailure;
import dev.orkestra.implementer.edit.EditBlock;
import dev.orkestra.implementer.edit.NearestLines;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RepairPromptTest {

  @Test
  void showsEachFailedBlockWithItsReasonAndTheNearestLines() {
    BlockFailure missed = new BlockFailure(new EditBlock.SearchReplace("a.py", "x = 1\n", "x = 2\n"),
        "the SEARCH section matches no lines of a.py", Optional.of(new NearestLines.Snippet(4, 6, "y = 0\n  x = 1\n")),
        true);
    BlockFailure refused = new BlockFailure(new EditBlock.WholeFile(".git/config", "[core]\n"),
        "refused: '.git/config' is inside .git", Optional.empty(), false);

    String text = RepairPrompt.text(List.of(missed, refused), List.of("a SEARCH/REPLACE block names no file"), 3);

    assertThat(text).startsWith("3 of your edit blocks could not be applied. 3 other blocks were applied and will be "
        + "kept: do not send them again. No file is changed until every block applies.\n");
    assertThat(text).contains("## a.py: the SEARCH section matches no lines of a.py\n```\na.py\n<<<<<<< SEARCH\n"
        + "x = 1\n=======\nx = 2\n>>>>>>> REPLACE\n```\n");
    assertThat(text).contains("Did you mean these actual lines of a.py (lines 4-6)?\n```\ny = 0\n  x = 1\n```\n");
    assertThat(text).contains("The REPLACE lines are already in a.py");
    assertThat(text).contains("## .git/config: refused: '.git/config' is inside .git\n(a whole-file block of 7 characters)");
    assertThat(text).contains("- a SEARCH/REPLACE block names no file");
  }

  @Test
  void hugeBlocksAreCut() {
    BlockFailure big = BlockFailure.class.cast(new BlockFailure(new EditBlock.SearchReplace("a", "s".repeat(10_000),
        ""), "no match", Optional.empty(), false));

    assertThat(RepairPrompt.text(List.of(big), List.of(), 0)).contains("… (cut at 4000 characters)")
        .hasSizeLessThan(5_000);
  }
}
