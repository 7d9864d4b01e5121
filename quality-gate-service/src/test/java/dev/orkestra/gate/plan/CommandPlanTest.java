package dev.orkestra.gate.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.events.task.CheckKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandPlanTest {

  @TempDir Path tree;

  private Path file(String path, String content) throws Exception {
    Path file = tree.resolve(path);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  private List<String> detected(boolean offline) {
    return CommandDetection.detect(tree, offline).stream().map(GateCommand::run).toList();
  }

  @Test
  void theMavenWrapperBeatsMvnAndRunsOfflineWithoutNetwork() throws Exception {
    file("pom.xml", "<project/>");
    assertThat(detected(false)).containsExactly("mvn -B -ntp verify");
    file("mvnw", "#!/bin/sh").toFile().setExecutable(true);
    assertThat(detected(true)).containsExactly("./mvnw -B -ntp -o verify");
    tree.resolve("mvnw").toFile().setExecutable(false);
    assertThat(detected(false)).as("a wrapper committed without its mode bit").containsExactly("sh ./mvnw -B -ntp verify");
  }

  @Test
  void gradleWithAndWithoutItsWrapper() throws Exception {
    file("build.gradle.kts", "");
    assertThat(detected(true)).containsExactly("gradle --no-daemon --console=plain --offline check");
    file("gradlew", "#!/bin/sh").toFile().setExecutable(true);
    assertThat(detected(false)).containsExactly("./gradlew --no-daemon --console=plain check");
  }

  @Test
  void npmScriptsThatExist() throws Exception {
    file("package.json", "{\"scripts\": {\"test\": \"jest\", \"lint\": \"eslint .\"}}");
    assertThat(CommandDetection.detect(tree, false)).extracting(GateCommand::run, GateCommand::kind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("npm test", CheckKind.TEST),
            org.assertj.core.groups.Tuple.tuple("npm run lint", CheckKind.LINT));
  }

  @Test
  void pytestWithItsJunitReportCoverageWhereConfiguredFlake8AndRuff() throws Exception {
    file("tests/test_app.py", "def test_x():\n    pass\n");
    assertThat(detected(false)).containsExactly(
        "python3 -m pytest -q --junitxml=\"$ORKESTRA_GATE_REPORTS\"/pytest-junit.xml");
    file(".coveragerc", "[run]\n");
    file("setup.cfg", "[flake8]\nmax-line-length = 100\n");
    file("pyproject.toml", "[tool.ruff]\nline-length = 100\n");
    assertThat(detected(false)).containsExactly(
        "python3 -m pytest -q --junitxml=\"$ORKESTRA_GATE_REPORTS\"/pytest-junit.xml --cov "
            + "--cov-report=xml:\"$ORKESTRA_GATE_REPORTS\"/coverage.xml",
        "python3 -m flake8 .", "ruff check --output-format=concise .");
  }

  @Test
  void qualityYmlBeatsTheTaskWhichBeatsDetectionAndStepCommandsComeLast() throws Exception {
    file("pom.xml", "<project/>");
    assertThat(CommandPlan.resolve(tree, List.of(), List.of(), false).source()).isEqualTo("detected");
    QualityConfig task = CommandPlan.resolve(tree, List.of("python3 -m pytest tests/", "ruff check ."),
        List.of("./mvnw -q verify"), false);
    assertThat(task.source()).isEqualTo("task + step");
    assertThat(task.commands()).extracting(GateCommand::run, GateCommand::kind).containsExactly(
        org.assertj.core.groups.Tuple.tuple("python3 -m pytest tests/ --junitxml=\"$ORKESTRA_GATE_REPORTS/task-1-junit.xml\"",
            CheckKind.TEST),
        org.assertj.core.groups.Tuple.tuple("ruff check .", CheckKind.LINT),
        org.assertj.core.groups.Tuple.tuple("./mvnw -q verify", CheckKind.TEST));
    file(".orkestra/quality.yml", "commands:\n  - {name: build, kind: build, run: make}\n");
    assertThat(CommandPlan.resolve(tree, List.of("ignored"), List.of(), false).commands())
        .extracting(GateCommand::name).containsExactly("build");
  }

  @Test
  void qualityYmlWithEveryField() throws Exception {
    QualityConfig config = QualityFile.parse("""
        commands:
          - name: tests
            kind: tests
            run: ./mvnw -B verify
            timeout: 20m
            parse: [javac]
            reports:
              - {format: junit, path: "**/target/surefire-reports/TEST-*.xml"}
              - {format: jacoco, path: "**/target/site/jacoco/jacoco.xml"}
          - name: api
            kind: breaking-changes
            run: ./mvnw -B japicmp:cmp
        thresholds:
          max_major: 0
          max_medium: 5
        min_coverage: 80
        """);

    assertThat(config.commands()).hasSize(2);
    GateCommand tests = config.commands().getFirst();
    assertThat(tests.kind()).isEqualTo(CheckKind.TEST);
    assertThat(tests.timeout()).isEqualTo(Duration.ofMinutes(20));
    assertThat(tests.parse()).containsExactly(OutputFormat.JAVAC);
    assertThat(config.reports()).extracting(ReportSpec::format).containsExactly(ReportFormat.JUNIT, ReportFormat.JACOCO);
    assertThat(config.commands().get(1).kind()).isEqualTo(CheckKind.BREAKING_CHANGES);
    assertThat(config.maxMajor()).isZero();
    assertThat(config.maxMedium()).isEqualTo(5);
    assertThat(config.minCoverage()).isEqualTo(80.0);
  }

  @Test
  void badQualityYmlIsNamedFieldByField() {
    assertThatThrownBy(() -> QualityFile.parse("commands: []")).hasMessageContaining("commands: a list of at least one");
    assertThatThrownBy(() -> QualityFile.parse("commands:\n  - {run: x, kind: fast}"))
        .hasMessageContaining("commands[0].kind: 'fast' is not one of");
    assertThatThrownBy(() -> QualityFile.parse("commands:\n  - {run: x, tiemout: 5m}"))
        .hasMessageContaining("commands[0]: unknown key 'tiemout'");
    assertThatThrownBy(() -> QualityFile.parse("commands:\n  - {run: x, timeout: soon}"))
        .hasMessageContaining("commands[0].timeout: 'soon' is not a duration");
    assertThatThrownBy(() -> QualityFile.parse("commands:\n  - {run: x, reports: [{format: junit, path: ../../etc/x}]}"))
        .hasMessageContaining("must stay in the work tree");
    assertThatThrownBy(() -> QualityFile.parse("commands:\n  - {run: x}\nmin_coverage: 120"))
        .hasMessageContaining("min_coverage: '120' is not a percentage");
    assertThatThrownBy(() -> QualityFile.parse("commands:\n  - {run: x}\n  - {run: x}"))
        .hasMessageContaining("'x' is used twice");
    assertThatThrownBy(() -> QualityFile.parse("commands: [\n")).hasMessageContaining("not valid YAML");
  }
}
