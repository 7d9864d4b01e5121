package dev.orkestra.gate.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orkestra.events.task.CheckKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands a repository without {@code .orkestra/quality.yml} (and a task without commands)
 * gets, from the files it has: Maven (its wrapper, else {@code mvn}), Gradle (likewise), npm's
 * test and lint scripts, pytest, flake8 and ruff. Without network the build tools run offline,
 * since reaching a repository would only spend the gate's time failing.
 */
public final class CommandDetection {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REPORTS = "\"$" + "ORKESTRA_GATE_REPORTS\"";

  private CommandDetection() {}

  public static List<GateCommand> detect(Path tree, boolean offline) {
    List<GateCommand> commands = new ArrayList<>();
    maven(tree, offline, commands);
    gradle(tree, offline, commands);
    npm(tree, commands);
    python(tree, commands);
    return commands;
  }

  private static void maven(Path tree, boolean offline, List<GateCommand> commands) {
    String mvn = wrapper(tree, "mvnw");
    if (mvn == null && Files.isRegularFile(tree.resolve("pom.xml"))) {
      mvn = "mvn";
    }
    if (mvn != null) {
      commands.add(new GateCommand("maven", CheckKind.TEST, mvn + " -B -ntp" + (offline ? " -o" : "") + " verify", null,
          List.of(OutputFormat.JAVAC), List.of()));
    }
  }

  private static void gradle(Path tree, boolean offline, List<GateCommand> commands) {
    String gradle = wrapper(tree, "gradlew");
    if (gradle == null && (Files.isRegularFile(tree.resolve("build.gradle"))
        || Files.isRegularFile(tree.resolve("build.gradle.kts")))) {
      gradle = "gradle";
    }
    if (gradle != null) {
      commands.add(new GateCommand("gradle", CheckKind.TEST, gradle + " --no-daemon --console=plain"
          + (offline ? " --offline" : "") + " check", null, List.of(OutputFormat.JAVAC), List.of()));
    }
  }

  private static void npm(Path tree, List<GateCommand> commands) {
    Path manifest = tree.resolve("package.json");
    if (!Files.isRegularFile(manifest)) {
      return;
    }
    JsonNode scripts;
    try {
      scripts = JSON.readTree(manifest.toFile()).path("scripts");
    } catch (IOException e) {
      // An unreadable package.json is npm's to report: `npm test` says what is wrong with it.
      commands.add(new GateCommand("npm-test", CheckKind.TEST, "npm test", null, List.of(), List.of()));
      return;
    }
    if (scripts.hasNonNull("test")) {
      commands.add(new GateCommand("npm-test", CheckKind.TEST, "npm test", null, List.of(), List.of()));
    }
    if (scripts.hasNonNull("lint")) {
      commands.add(new GateCommand("npm-lint", CheckKind.LINT, "npm run lint", null, List.of(), List.of()));
    }
  }

  private static void python(Path tree, List<GateCommand> commands) {
    String pyproject = read(tree.resolve("pyproject.toml"));
    String setupCfg = read(tree.resolve("setup.cfg"));
    String tox = read(tree.resolve("tox.ini"));
    boolean pytest = Files.isRegularFile(tree.resolve("pytest.ini")) || Files.isRegularFile(tree.resolve("conftest.py"))
        || pyproject.contains("[tool.pytest") || setupCfg.contains("[tool:pytest]") || tox.contains("[pytest]")
        || hasPythonTests(tree);
    if (pytest) {
      boolean coverage = Files.isRegularFile(tree.resolve(".coveragerc")) || pyproject.contains("[tool.coverage")
          || setupCfg.contains("[coverage:") || tox.contains("[coverage:");
      String line = "python3 -m pytest -q --junitxml=" + REPORTS + "/pytest-junit.xml"
          + (coverage ? " --cov --cov-report=xml:" + REPORTS + "/coverage.xml" : "");
      commands.add(new GateCommand("pytest", CheckKind.TEST, line, null, List.of(), List.of(
          new ReportSpec(ReportFormat.JUNIT, ReportSpec.REPORTS_PREFIX + "pytest-junit.xml"),
          new ReportSpec(ReportFormat.COBERTURA, ReportSpec.REPORTS_PREFIX + "coverage.xml"))));
    }
    if (Files.isRegularFile(tree.resolve(".flake8")) || setupCfg.contains("[flake8]") || tox.contains("[flake8]")) {
      commands.add(new GateCommand("flake8", CheckKind.LINT, "python3 -m flake8 .", null, List.of(OutputFormat.FLAKE8),
          List.of()));
    }
    if (Files.isRegularFile(tree.resolve("ruff.toml")) || Files.isRegularFile(tree.resolve(".ruff.toml"))
        || pyproject.contains("[tool.ruff")) {
      commands.add(new GateCommand("ruff", CheckKind.LINT, "ruff check --output-format=concise .", null,
          List.of(OutputFormat.RUFF), List.of()));
    }
  }

  /** {@code ./mvnw} when executable, {@code sh ./mvnw} when committed without its mode bit, else null. */
  private static String wrapper(Path tree, String name) {
    Path script = tree.resolve(name);
    if (!Files.isRegularFile(script)) {
      return null;
    }
    return Files.isExecutable(script) ? "./" + name : "sh ./" + name;
  }

  private static boolean hasPythonTests(Path tree) {
    if (Files.isDirectory(tree.resolve("tests")) || Files.isDirectory(tree.resolve("test"))) {
      try (var files = Files.walk(tree, 3)) {
        return files.anyMatch(p -> p.getFileName().toString().matches("test_.*\\.py|.*_test\\.py"));
      } catch (IOException e) {
        return false;
      }
    }
    try (var files = Files.list(tree)) {
      return files.anyMatch(p -> p.getFileName().toString().matches("test_.*\\.py"));
    } catch (IOException e) {
      return false;
    }
  }

  private static String read(Path file) {
    try {
      return Files.isRegularFile(file) && Files.size(file) < 1_000_000 ? Files.readString(file) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
