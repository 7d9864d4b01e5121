package dev.orkestra.retriever.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkerTest {

  private final Chunker chunker = new Chunker();

  /** Lines as a person numbers them: {@code at(n)} is line n. */
  private static final class Source {
    private final List<String> lines = new ArrayList<>();

    Source add(String... more) {
      lines.addAll(List.of(more));
      return this;
    }

    Source repeat(int times, String line) {
      for (int i = 0; i < times; i++) {
        lines.add(line);
      }
      return this;
    }

    String text() {
      return String.join("\n", lines) + "\n";
    }
  }

  private static String range(Chunk chunk) {
    return chunk.startLine() + "-" + chunk.endLine() + " " + chunk.symbols();
  }

  @Test
  void aSmallJavaFileIsOneChunkNamingEveryDeclaration() {
    String java = """
        package demo;

        /** Greets. */
        public class Greeter {
          String hello() {
            return "hi";
          }
        }
        """;

    List<Chunk> chunks = chunker.chunk("src/Greeter.java", java);

    assertThat(chunks).extracting(ChunkerTest::range).containsExactly("1-8 [Greeter, hello]");
    assertThat(chunks.getFirst().text()).isEqualTo(java.stripTrailing());
  }

  @Test
  void javaMethodsStartWithTheirDocCommentAndAnnotations() {
    Source s = new Source()
        .add("package demo;", "", "import java.util.List;", "", "/** A big class. */", "public class Big {", "")
        .add("  /** First method. */", "  @Deprecated", "  public int first(int x) {")     // 8-10
        .repeat(20, "    total += x;").add("  }", "")                                      // 11-32
        .add("  /** Second. */", "  String second() {")                                   // 33-34
        .repeat(20, "    total += 2;").add("  }", "")                                      // 35-56
        .add("  private static <T> List<T> third(List<T> in) {")                          // 57
        .repeat(20, "    total += 3;").add("  }", "}");                                    // 58-79

    List<Chunk> chunks = chunker.chunk("Big.java", s.text());

    assertThat(chunks).extracting(ChunkerTest::range)
        .containsExactly("1-6 [Big]", "8-31 [first]", "33-55 [second]", "57-79 [third]");
    assertThat(chunks.get(1).text()).startsWith("  /** First method. */\n  @Deprecated\n").endsWith("  }");
  }

  @Test
  void aLongUnitWithoutBlankLinesIsCutHardWithOverlap() {
    Source s = new Source().add("class Long {", "  void run() {").repeat(100, "    step();").add("  }", "}");

    List<Chunk> chunks = chunker.chunk("Long.java", s.text());

    assertThat(chunks).extracting(ChunkerTest::range).containsExactly("1-1 [Long]", "2-61 [run]", "57-104 [run]");
    assertThat(chunks).allSatisfy(c -> assertThat(c.lineCount()).isLessThanOrEqualTo(Chunker.MAX_LINES));
    assertThat(chunks.get(1).endLine() - chunks.get(2).startLine() + 1).isEqualTo(Chunker.OVERLAP);
  }

  @Test
  void aLongUnitIsCutAtTheLastBlankLineInReach() {
    Source s = new Source().add("class Paragraphs {", "  void run() {");
    for (int block = 0; block < 9; block++) {
      s.repeat(10, "    step();").add("");   // blank lines at 13, 24, 35, 46, 57, 68, 79, 90, 101
    }
    s.add("  }", "}");

    List<Chunk> chunks = chunker.chunk("Paragraphs.java", s.text());

    assertThat(chunks).extracting(ChunkerTest::range)
        .containsExactly("1-1 [Paragraphs]", "2-56 [run]", "58-103 [run]");
  }

  @Test
  void pythonFunctionsClassesAndMethodsWithDecorators() {
    Source s = new Source()
        .add("import os", "", "")
        .add("@decorator", "def alpha(x):").repeat(20, "    y = x").add("", "")          // 4-27
        .add("class Beta:", "    \"\"\"Doc.\"\"\"", "")                                  // 28-30
        .add("    def gamma(self):").repeat(20, "        pass").add("")                // 31-52
        .add("    async def delta(self):").repeat(20, "        pass");                 // 53-73

    List<Chunk> chunks = chunker.chunk("backend/server.py", s.text());

    assertThat(chunks).extracting(ChunkerTest::range)
        .containsExactly("1-29 [alpha, Beta]", "31-51 [gamma]", "53-73 [delta]");
  }

  @Test
  void typescriptFunctionsArrowFunctionsAndClasses() {
    Source s = new Source()
        .add("export async function login(req, res) {").repeat(30, "  check();").add("}", "")   // 1-33
        .add("const logout = (req) => {").repeat(30, "  clear();").add("};", "")                // 34-66
        .add("export class Session {", "  refresh(token: string): void {").repeat(30, "    renew();")
        .add("  }", "}");                                                                          // 67-100

    List<Chunk> chunks = chunker.chunk("web/auth.ts", s.text());

    assertThat(chunks).extracting(ChunkerTest::range)
        .containsExactly("1-32 [login]", "34-65 [logout]", "67-100 [Session, refresh]");
  }

  @Test
  void goFunctionsAndTypesAtTopLevel() {
    Source s = new Source().add("package main", "")
        .add("// Server serves.", "type Server struct {").repeat(28, "\tfield int").add("}", "")   // 3-34
        .add("func (s *Server) Start() error {").repeat(28, "\treturn nil").add("}");              // 35-64

    List<Chunk> chunks = chunker.chunk("cmd/server.go", s.text());

    assertThat(chunks).extracting(ChunkerTest::range).containsExactly("1-33 [Server]", "35-64 [Start]");
  }

  @Test
  void markdownSplitsAtHeadingsButNotInsideCodeFences() {
    Source s = new Source().add("# Title", "intro", "")
        .add("## Install").repeat(20, "Run the installer.").add("", "```bash", "# not a heading", "```", "") // 4-29
        .add("## Usage").repeat(30, "Use it.");                                                          // 30-60

    List<Chunk> chunks = chunker.chunk("README.md", s.text());

    assertThat(chunks).extracting(ChunkerTest::range).containsExactly("1-28 [Title, Install]", "30-60 [Usage]");
  }

  @Test
  void otherTextIsCutAtBlankLinesWithinTheMaximum() {
    Source s = new Source();
    for (int section = 0; section < 10; section++) {
      s.add("section" + section + ":").repeat(14, "  key: value").add("");
    }

    List<Chunk> chunks = chunker.chunk("config/app.yaml", s.text());

    assertThat(chunks).hasSizeGreaterThan(1);
    assertThat(chunks).allSatisfy(c -> {
      assertThat(c.lineCount()).isLessThanOrEqualTo(Chunker.MAX_LINES);
      assertThat(c.symbols()).isEmpty();
    });
    assertThat(chunks.getFirst().startLine()).isEqualTo(1);
    assertThat(chunks.getLast().endLine()).isEqualTo(159);
  }

  @Test
  void linesAreNumberedAsGitDoes() {
    assertThat(chunker.chunk("a.txt", "")).isEmpty();
    assertThat(chunker.chunk("a.txt", "\n\n  \n")).isEmpty();
    assertThat(chunker.chunk("a.txt", "one\r\ntwo\r\n")).singleElement()
        .satisfies(c -> assertThat(range(c) + " " + c.text()).isEqualTo("1-2 [] one\ntwo"));
    assertThat(chunker.chunk("a.txt", "\n\nthree\nfour")).singleElement()
        .satisfies(c -> assertThat(range(c)).isEqualTo("3-4 []"));
  }
}
