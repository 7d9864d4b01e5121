package dev.orkestra.implementer.edit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.implementer.edit.EditBlock.SearchReplace;
import dev.orkestra.implementer.edit.EditBlock.WholeFile;
import org.junit.jupiter.api.Test;

class EditParserTest {

  @Test
  void fencedSearchReplaceBlocksWithProseAroundThem() {
    ParsedReply reply = EditParser.parse("""
        I add a docstring to the engine.

        src/search/hybrid.py
        ```python
        <<<<<<< SEARCH
        class HybridSearchEngine:
            pass
        =======
        class HybridSearchEngine:
            \"\"\"Fuses semantic and working memory.\"\"\"
        >>>>>>> REPLACE
        ```

        Confidence: 0.85
        """);

    assertThat(reply.blocks()).containsExactly(new SearchReplace("src/search/hybrid.py",
        "class HybridSearchEngine:\n    pass\n",
        "class HybridSearchEngine:\n    \"\"\"Fuses semantic and working memory.\"\"\"\n"));
    assertThat(reply.prose()).isEqualTo("I add a docstring to the engine.\n\nConfidence: 0.85");
    assertThat(reply.confidence()).isEqualTo(0.85);
    assertThat(reply.problems()).isEmpty();
  }

  @Test
  void unfencedBlocksAndSeveralBlocksForOneFileTheLaterWithoutItsPath() {
    ParsedReply reply = EditParser.parse("""
        README.md
        <<<<<<< SEARCH
        # Title
        =======
        # New title
        >>>>>>> REPLACE
        <<<<<<< SEARCH
        old line
        =======
        >>>>>>> REPLACE
        docs/a.md
        <<<<<<<< SEARCH
        =======
        new file
        >>>>>>>> REPLACE
        """);

    assertThat(reply.blocks()).containsExactly(
        new SearchReplace("README.md", "# Title\n", "# New title\n"),
        new SearchReplace("README.md", "old line\n", ""),
        new SearchReplace("docs/a.md", "", "new file\n"));
    assertThat(reply.prose()).isEmpty();
  }

  @Test
  void wholeFileBlocksWithALongerFenceForMarkdownThatHoldsFences() {
    ParsedReply reply = EditParser.parse("""
        Here is the new guide:

        **docs/guide.md**
        ````markdown
        # Guide
        ```bash
        make
        ```
        ````

        `./src/App.java`:
        ```java
        class App {}
        ```
        An example, not a file:
        ```
        $ run it
        ```
        """);

    assertThat(reply.blocks()).containsExactly(
        new WholeFile("docs/guide.md", "# Guide\n```bash\nmake\n```\n"),
        new WholeFile("src/App.java", "class App {}\n"));
    assertThat(reply.prose()).isEqualTo("Here is the new guide:\n\nAn example, not a file:\n```\n$ run it\n```");
  }

  @Test
  void crlfRepliesReadAsLf() {
    ParsedReply reply = EditParser.parse("a.txt\r\n<<<<<<< SEARCH\r\none\r\n=======\r\ntwo\r\n>>>>>>> REPLACE\r\n");

    assertThat(reply.blocks()).containsExactly(new SearchReplace("a.txt", "one\n", "two\n"));
  }

  @Test
  void unfinishedOrNamelessBlocksAreProblemsAndTheBlocksAfterThemAreStillRead() {
    ParsedReply reply = EditParser.parse("""
        Let me fix it.
        <<<<<<< SEARCH
        x
        =======
        y
        >>>>>>> REPLACE
        b.txt
        <<<<<<< SEARCH
        no divider
        c.txt
        <<<<<<< SEARCH
        p
        =======
        q
        >>>>>>> REPLACE
        d.txt
        <<<<<<< SEARCH
        cut off
        =======
        half
        """);

    assertThat(reply.blocks()).containsExactly(new SearchReplace("c.txt", "p\n", "q\n"));
    assertThat(reply.problems()).hasSize(3);
    assertThat(reply.problems().get(0)).contains("names no file");
    assertThat(reply.problems().get(1)).contains("for b.txt").contains("no ======= line");
    assertThat(reply.problems().get(2)).contains("for d.txt").contains("no >>>>>>> REPLACE line");
  }

  @Test
  void aWholeFileWithoutItsClosingFenceIsAProblemNotAFile() {
    ParsedReply reply = EditParser.parse("src/A.java\n```java\nclass A {\n");

    assertThat(reply.blocks()).isEmpty();
    assertThat(reply.problems()).singleElement().asString().contains("no closing ``` fence");
  }

  @Test
  void proseWithoutBlocksIsTheExplanationOfAStepThatChangesNothing() {
    ParsedReply reply = EditParser.parse("The search package already has every strategy the plan names.\n"
        + "Confidence: 90%\n");

    assertThat(reply.blocks()).isEmpty();
    assertThat(reply.problems()).isEmpty();
    assertThat(reply.confidence()).isEqualTo(0.9);
  }

  @Test
  void confidenceOutOfRangeIsNone() {
    assertThat(EditParser.confidence("Confidence: 250")).isNull();
    assertThat(EditParser.confidence("**Confidence:** 0.7")).isEqualTo(0.7);
    assertThat(EditParser.confidence("no number here")).isNull();
  }

  @Test
  void proseLinesAreNotPaths() {
    assertThat(EditParser.path("Here is the change:")).isNull();
    assertThat(EditParser.path("Example")).isNull();
    assertThat(EditParser.path("## `src/a.py`")).isEqualTo("src/a.py");
    assertThat(EditParser.path("Makefile")).isEqualTo("Makefile");
    assertThat(EditParser.path("=======")).isNull();
  }

  @Test
  void hostileRepliesAreBounded() {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < EditParser.MAX_BLOCKS + 5; i++) {
      many.append("f").append(i).append(".txt\n<<<<<<< SEARCH\n=======\nx\n>>>>>>> REPLACE\n");
    }
    ParsedReply tooMany = EditParser.parse(many.toString());
    assertThat(tooMany.blocks()).hasSize(EditParser.MAX_BLOCKS);
    assertThat(tooMany.problems()).singleElement().asString().contains("more than " + EditParser.MAX_BLOCKS);

    ParsedReply huge = EditParser.parse("x".repeat(EditParser.MAX_REPLY_CHARS + 10));
    assertThat(huge.problems()).singleElement().asString().contains("longer than");
    assertThat(huge.prose()).hasSizeLessThan(EditParser.MAX_PROSE_CHARS + 100);

    assertThat(EditParser.parse(null).blocks()).isEmpty();
  }
}
