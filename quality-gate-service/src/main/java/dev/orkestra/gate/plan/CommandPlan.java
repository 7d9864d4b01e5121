package dev.orkestra.gate.plan;

import dev.orkestra.events.task.CheckKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which commands run on a commit (issue 9): the repository's {@code .orkestra/quality.yml}, else
 * the task's quality commands, else those detected from its files; the step's own commands always
 * after them (task.avdl: "run after the policy's"). The commands come from the commit under test,
 * as the repository's CI would take them; the base is measured with the same list so that the two
 * are comparable.
 */
public final class CommandPlan {

  private CommandPlan() {}

  public static QualityConfig resolve(Path tree, List<String> taskCommands, List<String> stepCommands, boolean offline)
      throws QualityFileException {
    QualityConfig base;
    Path file = tree.resolve(QualityFile.PATH);
    if (Files.isRegularFile(file)) {
      base = QualityFile.parse(read(tree, file));
    } else if (!taskCommands.isEmpty()) {
      base = new QualityConfig("task", lines(taskCommands, "task"), null, null, null);
    } else {
      base = new QualityConfig("detected", CommandDetection.detect(tree, offline), null, null, null);
    }
    if (stepCommands.isEmpty()) {
      return base;
    }
    List<GateCommand> all = new ArrayList<>(base.commands());
    all.addAll(lines(stepCommands, "step"));
    return new QualityConfig(base.source() + " + step", all, base.maxMajor(), base.maxMedium(), base.minCoverage());
  }

  /**
   * A plain command line as a check: its kind and parsers guessed from the tool it names, and a
   * pytest run given a JUnit report when it asks for none (the gate counts tests from reports).
   */
  static GateCommand line(String line, String name) {
    String lower = " " + line.toLowerCase(Locale.ROOT) + " ";
    List<OutputFormat> parse = new ArrayList<>();
    CheckKind kind = CheckKind.CUSTOM;
    String run = line.strip();
    if (lower.matches(".*[ /](mvnw?|gradlew?|javac) .*")) {
      parse.add(OutputFormat.JAVAC);
      kind = CheckKind.TEST;
    }
    if (lower.contains("flake8")) {
      parse.add(OutputFormat.FLAKE8);
      kind = CheckKind.LINT;
    } else if (lower.contains("ruff")) {
      parse.add(OutputFormat.RUFF);
      kind = CheckKind.LINT;
    } else if (lower.matches(".*\\b(mypy|pyright|tsc)\\b.*")) {
      kind = CheckKind.TYPECHECK;
    } else if (lower.matches(".*\\b(pytest|test|tests|verify|check)\\b.*")) {
      kind = CheckKind.TEST;
    }
    if (lower.contains("pytest") && !lower.contains("--junitxml") && !line.contains("&&") && !line.contains(";")) {
      run = run + " --junitxml=\"$ORKESTRA_GATE_REPORTS/" + name.replaceAll("[^A-Za-z0-9]", "-") + "-junit.xml\"";
    }
    return new GateCommand(name, kind, run, null, parse, List.of());
  }

  private static List<GateCommand> lines(List<String> commands, String prefix) {
    List<GateCommand> all = new ArrayList<>();
    for (int i = 0; i < commands.size(); i++) {
      if (!commands.get(i).isBlank()) {
        all.add(line(commands.get(i), prefix + "-" + (i + 1)));
      }
    }
    return all;
  }

  /** The file as text, only if it really is in the tree (a symlink out of it is refused, not followed). */
  private static String read(Path tree, Path file) throws QualityFileException {
    try {
      if (!file.toRealPath().startsWith(tree.toRealPath())) {
        throw new QualityFileException(QualityFile.PATH + ": a link out of the repository; not read");
      }
      if (Files.size(file) > QualityFile.MAX_BYTES) {
        throw new QualityFileException(QualityFile.PATH + ": " + Files.size(file) + " bytes, above the "
            + QualityFile.MAX_BYTES + " allowed");
      }
      return Files.readString(file);
    } catch (IOException e) {
      throw new QualityFileException(QualityFile.PATH + ": cannot be read: " + e.getMessage());
    }
  }
}
