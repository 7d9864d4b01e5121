package dev.orkestra.gate;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.task.GateRequested;
import dev.orkestra.events.task.QualityPolicy;
import dev.orkestra.gate.process.Sandbox;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.source.GitRepoBuilder;
import dev.orkestra.runtime.source.SourceLimits;
import dev.orkestra.runtime.source.SourcePolicy;
import dev.orkestra.runtime.workspace.Workspaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real projects the gate builds: a Maven project (JUnit 5, javac -Xlint:all, JaCoCo, this
 * repository's Maven wrapper, built offline against this machine's local repository) and a Python
 * one (pytest with a JUnit report and coverage, flake8), each a git repository whose commits are
 * the base and the steps the tests check. Public for the end-to-end tests (test-jar).
 */
public final class SampleProjects {

  public static final String JACOCO = System.getProperty("jacoco.version", "0.8.15");
  public static final Path MAVEN_HOME = Path.of(System.getProperty("user.home"), ".m2");

  private SampleProjects() {}

  /** A base commit: Calc.add/sub, both tested, and one raw-type warning the base already has. */
  public static GitRepoBuilder maven(Path dir) {
    Path root = projectRoot();
    GitRepoBuilder repo = GitRepoBuilder.init(dir)
        .file("pom.xml", pom())
        .file("mvnw", read(root.resolve("mvnw")))
        .file(".mvn/wrapper/maven-wrapper.properties", read(root.resolve(".mvn/wrapper/maven-wrapper.properties")))
        .file("src/main/java/demo/Calc.java", calc(""))
        .file("src/test/java/demo/CalcTest.java", calcTest(""));
    dir.resolve("mvnw").toFile().setExecutable(true);
    return repo;
  }

  static String calc(String more) {
    return """
        package demo;

        import java.util.ArrayList;
        import java.util.List;

        public class Calc {
          public int add(int a, int b) {
            return a + b;
          }

          public int sub(int a, int b) {
            return a - b;
          }

          @SuppressWarnings("unused")
          private List legacy() {
            return new ArrayList<String>();
          }
        %s}
        """.formatted(more);
  }

  static String calcTest(String more) {
    return """
        package demo;

        import static org.junit.jupiter.api.Assertions.assertEquals;

        import org.junit.jupiter.api.Test;

        class CalcTest {
          @Test
          void adds() {
            assertEquals(3, new Calc().add(1, 2));
          }

          @Test
          void subtracts() {
            assertEquals(1, new Calc().sub(2, 1));
          }
        %s}
        """.formatted(more);
  }

  private static String pom() {
    return """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>demo</groupId><artifactId>calc</artifactId><version>1</version>
          <properties>
            <maven.compiler.release>25</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>
          <dependencies>
            <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId>
              <version>5.13.4</version><scope>test</scope></dependency>
          </dependencies>
          <build><plugins>
            <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
            <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.14.1</version>
              <configuration><compilerArgs><arg>-Xlint:all</arg></compilerArgs><showWarnings>true</showWarnings></configuration></plugin>
            <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>3.5.4</version></plugin>
            <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version></plugin>
            <plugin><groupId>org.jacoco</groupId><artifactId>jacoco-maven-plugin</artifactId><version>%s</version>
              <executions>
                <execution><id>agent</id><goals><goal>prepare-agent</goal></goals></execution>
                <execution><id>report</id><phase>test</phase><goals><goal>report</goal></goals></execution>
              </executions></plugin>
          </plugins></build>
        </project>
        """.formatted(JACOCO);
  }

  /** A base commit: add() tested, flake8 configured, and one unused import flake8 already reports. */
  static GitRepoBuilder python(Path dir) {
    return GitRepoBuilder.init(dir)
        .file(".flake8", "[flake8]\nmax-line-length = 100\nexclude = .git,__pycache__,.pytest_cache\n")
        .file(".coveragerc", "[run]\nsource = .\nomit = test_*.py\n")
        .file("calc.py", "def add(a, b):\n    return a + b\n")
        .file("legacy.py", "import os\n\n\ndef answer():\n    return 42\n")
        .file("test_calc.py", "from calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n");
  }

  /** pytest, pytest-cov and flake8 for the python3 on {@link #GATE_PATH} (bin/setup-gate-tools installs them). */
  static boolean pythonToolsPresent() {
    return works("python3 -m pytest --version && python3 -m flake8 --version && python3 -c 'import pytest_cov'");
  }

  /** The gate's PATH in these tests: the system's tools, not a user's version manager shims. */
  public static final String GATE_PATH = Path.of(System.getenv().getOrDefault("JAVA_HOME", "/usr"), "bin") + ":/usr/bin:/bin";

  static GateSettings settings() {
    return new GateSettings(4, 1, Duration.ofMinutes(5), Duration.ofMinutes(10), Sandbox.Network.AUTO,
        List.of("LANG", "JAVA_HOME"), GATE_PATH, MAVEN_HOME);
  }

  static Workspaces workspaces(Path dir, Path repos) {
    return new Workspaces(dir, SourcePolicy.localRoots(repos), SourceLimits.DEFAULT, Map.<String, String>of()::get);
  }

  static GateRuns runs(Path data, Path repos) {
    GateSettings settings = settings();
    ServiceContext context = new ServiceContext("localhost:1", data, data.resolve("models.yaml"), Map.of());
    return QualityGateServiceProvider.runs(data, workspaces(data.resolve("workspaces"), repos),
        Sandbox.detect(settings.network()), settings, context, "quality-gate@test");
  }

  static GateRequested request(String taskId, String stepId, Path repo, String commit, String base,
      QualityPolicy policy) {
    Envelope envelope = Envelopes.start(taskId, "coordinator@test");
    return GateRequested.newBuilder().setEnvelope(envelope).setTaskId(taskId).setStepId(stepId)
        .setRepo(RepoRef.newBuilder().setRepo(repo.toString()).setRef("orkestra/" + taskId).setCommitSha(commit).build())
        .setBaseSha(base).setPolicy(policy).build();
  }

  static QualityPolicy strict() {
    return QualityPolicy.newBuilder().build();
  }

  private static boolean works(String line) {
    try {
      ProcessBuilder builder = new ProcessBuilder("sh", "-c", line).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      builder.environment().put("PATH", GATE_PATH);
      Process process = builder.start();
      return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
