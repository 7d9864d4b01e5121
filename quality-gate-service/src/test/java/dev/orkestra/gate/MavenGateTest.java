package dev.orkestra.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.task.Finding;
import dev.orkestra.events.task.GateCheck;
import dev.orkestra.events.task.GateResult;
import dev.orkestra.runtime.source.GitRepoBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate on a real Maven project built with this machine's JDK and local repository: tests
 * counted from surefire's XML, javac -Xlint warnings judged against the base, JaCoCo coverage
 * compared with the base. One base commit for every step, measured once.
 */
class MavenGateTest {

  @TempDir static Path tmp;
  private static GitRepoBuilder repo;
  private static String base;
  private static GateRuns runs;

  @BeforeAll
  static void project() {
    repo = SampleProjects.maven(tmp.resolve("repos/calc"));
    base = repo.commit("base");
    runs = SampleProjects.runs(tmp.resolve("data"), tmp.resolve("repos"));
  }

  @AfterAll
  static void close() {
    runs.close();
    repo.close();
  }

  private static GateResult gate(String step, String calcMore, String testMore) throws Exception {
    repo.file("src/main/java/demo/Calc.java", SampleProjects.calc(calcMore))
        .file("src/test/java/demo/CalcTest.java", SampleProjects.calcTest(testMore));
    String commit = repo.commit(step);
    return runs.join(SampleProjects.request("T-1", step, repo.dir(), commit, base, SampleProjects.strict()));
  }

  @Test
  void aStepWithPassingTestsAndNoNewWarningPasses() throws Exception {
    GateResult result = gate("S1", """
          public int mul(int a, int b) {
            return a * b;
          }
        """, """
          @Test
          void multiplies() {
            assertEquals(6, new Calc().mul(2, 3));
          }
        """);

    assertThat(result.getPassed()).as(result.getSummary()).isTrue();
    assertThat(result.getTestsRun()).isEqualTo(3);
    assertThat(result.getTestsFailed()).isZero();
    assertThat(result.getCoverageAfter()).isNotNull();
    assertThat(result.getCoverageBefore()).isNotNull();
    assertThat(result.getFindings()).as("the base's raw-type warning is found, and not new")
        .anySatisfy(f -> assertThat(f.getMessage()).contains("raw type"))
        .allSatisfy(f -> assertThat(f.getIntroduced()).isFalse());
    assertBaseMeasuredOnce();
  }

  @Test
  void aFailingTestBlocksAndItsNameReachesTheImplementer() throws Exception {
    GateResult result = gate("S2", """
          public int mul(int a, int b) {
            return a + b;
          }
        """, """
          @Test
          void multiplies() {
            assertEquals(6, new Calc().mul(2, 3));
          }
        """);

    assertThat(result.getPassed()).isFalse();
    assertThat(result.getTestsRun()).isEqualTo(3);
    assertThat(result.getTestsFailed()).isEqualTo(1);
    assertThat(result.getSummary()).contains("demo.CalcTest.multiplies");
    assertThat(check(result, "tests").getOutputTail()).contains("FAILED demo.CalcTest.multiplies");
    assertThat(result.getFindings()).anySatisfy(f -> {
      assertThat(f.getMessage()).contains("demo.CalcTest.multiplies");
      assertThat(f.getIntroduced()).isTrue();
    });
    assertBaseMeasuredOnce();
  }

  @Test
  void aNewWarningBlocksThoughTestsPassNamingFileAndLine() throws Exception {
    GateResult result = gate("S3", """
          public List<?> wrapped() {
            List raw = new ArrayList<String>();
            return raw;
          }
        """, """
          @Test
          void wraps() {
            assertEquals(0, new Calc().wrapped().size());
          }
        """);

    assertThat(result.getPassed()).isFalse();
    assertThat(result.getTestsFailed()).isZero();
    Finding introduced = result.getFindings().stream().filter(Finding::getIntroduced).findFirst().orElseThrow();
    assertThat(introduced.getTool()).isEqualTo("javac");
    assertThat(introduced.getLocation().getPath()).isEqualTo("src/main/java/demo/Calc.java");
    assertThat(introduced.getLocation().getLine()).isEqualTo(20);
    assertThat(result.getFindings().stream().filter(Finding::getIntroduced)).hasSize(1);
    assertThat(check(result, "zero-warnings").getOutputTail()).contains("src/main/java/demo/Calc.java:20");
    assertBaseMeasuredOnce();
  }

  @Test
  void aCoverageDropBlocks() throws Exception {
    GateResult result = gate("S4", """
          public int clamp(int value, int low, int high) {
            if (value < low) {
              return low;
            }
            if (value > high) {
              return high;
            }
            return value;
          }
        """, "");

    assertThat(result.getPassed()).isFalse();
    assertThat(result.getCoverageAfter()).isLessThan(result.getCoverageBefore());
    assertThat(check(result, "coverage").getPassed()).isFalse();
    assertThat(result.getSummary()).contains("coverage fell from");
    assertBaseMeasuredOnce();
  }

  private static GateCheck check(GateResult result, String name) {
    return result.getChecks().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
  }

  private static void assertBaseMeasuredOnce() throws Exception {
    try (Stream<Path> stored = Files.list(tmp.resolve("data/base"))) {
      assertThat(stored.filter(p -> p.toString().endsWith(".json"))).hasSize(1);
    }
  }
}
