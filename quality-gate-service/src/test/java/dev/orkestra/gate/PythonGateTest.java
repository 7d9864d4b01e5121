package dev.orkestra.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.task.Finding;
import dev.orkestra.events.task.GateResult;
import dev.orkestra.runtime.source.GitRepoBuilder;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate on a real Python project, commands detected: pytest with its JUnit report and
 * pytest-cov's Cobertura coverage, flake8 judged against the base. Needs pytest, pytest-cov and
 * flake8 for the system python3 ({@code bin/setup-gate-tools}).
 */
class PythonGateTest {

  @TempDir static Path tmp;
  private static GitRepoBuilder repo;
  private static String base;
  private static GateRuns runs;

  @BeforeAll
  static void project() {
    Assumptions.assumeTrue(SampleProjects.pythonToolsPresent(),
        "pytest, pytest-cov and flake8 are not installed for python3 on " + SampleProjects.GATE_PATH
            + " (run bin/setup-gate-tools)");
    repo = SampleProjects.python(tmp.resolve("repos/calc"));
    base = repo.commit("base");
    runs = SampleProjects.runs(tmp.resolve("data"), tmp.resolve("repos"));
  }

  @AfterAll
  static void close() {
    if (runs != null) {
      runs.close();
      repo.close();
    }
  }

  private static GateResult gate(String step) throws Exception {
    String commit = repo.commit(step);
    return runs.join(SampleProjects.request("T-2", step, repo.dir(), commit, base, SampleProjects.strict()));
  }

  @Test
  void aStepWithPassingTestsPassesWithTestsAndCoverageMeasured() throws Exception {
    repo.file("calc.py", "def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n")
        .file("test_calc.py", "from calc import add, sub\n\n\ndef test_add():\n    assert add(1, 2) == 3\n\n\n"
            + "def test_sub():\n    assert sub(2, 1) == 1\n");

    GateResult result = gate("S1");

    assertThat(result.getPassed()).as(result.getSummary()).isTrue();
    assertThat(result.getTestsRun()).isEqualTo(2);
    assertThat(result.getCoverageAfter()).isNotNull();
    assertThat(result.getFindings()).as("legacy.py's unused import is the base's")
        .anySatisfy(f -> assertThat(f.getRule()).isEqualTo("F401"))
        .allSatisfy(f -> assertThat(f.getIntroduced()).isFalse());
  }

  @Test
  void aFailingTestBlocksAndIsNamed() throws Exception {
    repo.file("test_more.py", "from calc import add\n\n\ndef test_add_negative():\n    assert add(-1, -1) == 0\n");

    GateResult result = gate("S2");
    repo.delete("test_more.py");

    assertThat(result.getPassed()).isFalse();
    assertThat(result.getTestsFailed()).isEqualTo(1);
    assertThat(result.getSummary()).contains("test_add_negative");
  }

  @Test
  void aNewFlake8WarningBlocksNamingFileAndLineWhileTheBasesOneDoesNot() throws Exception {
    repo.file("calc.py", "import sys\n\n\ndef add(a, b):\n    return a + b\n");

    GateResult result = gate("S3");
    repo.file("calc.py", "def add(a, b):\n    return a + b\n");

    assertThat(result.getPassed()).isFalse();
    assertThat(result.getTestsFailed()).isZero();
    assertThat(result.getFindings().stream().filter(Finding::getIntroduced)).singleElement().satisfies(f -> {
      assertThat(f.getTool()).isEqualTo("flake8");
      assertThat(f.getRule()).isEqualTo("F401");
      assertThat(f.getLocation().getPath()).isEqualTo("calc.py");
      assertThat(f.getLocation().getLine()).isEqualTo(1);
    });
    assertThat(result.getFindings()).anySatisfy(f -> {
      assertThat(f.getLocation().getPath()).isEqualTo("legacy.py");
      assertThat(f.getIntroduced()).isFalse();
    });
  }
}
