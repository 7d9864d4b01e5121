package dev.orkestra.gate.measure;

import dev.orkestra.gate.plan.ReportFormat;
import dev.orkestra.gate.plan.ReportSpec;
import dev.orkestra.gate.report.CheckstyleXml;
import dev.orkestra.gate.report.Coverage;
import dev.orkestra.gate.report.CoverageXml;
import dev.orkestra.gate.report.JUnitXml;
import dev.orkestra.gate.report.ReportException;
import dev.orkestra.gate.report.SarifJson;
import dev.orkestra.gate.report.TestSummary;
import dev.orkestra.gate.report.ToolFinding;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the report files a commit's commands wrote and reads them. The work tree is walked once
 * (without {@code .git} and {@code node_modules}), bounded in depth and in the size of a report;
 * links are never followed, so a report path cannot make the gate read a file outside the tree.
 */
final class ReportCollector {

  static final long MAX_REPORT_BYTES = 32L * 1024 * 1024;
  private static final int MAX_DEPTH = 24;
  private static final Set<String> SKIPPED_DIRS = Set.of(".git", "node_modules");

  record Reports(TestSummary tests, Coverage coverage, List<ToolFinding> findings, List<String> problems) {}

  private ReportCollector() {}

  static Reports collect(Path tree, Path reportsDir, List<ReportSpec> specs) throws IOException {
    Map<ReportSpec, List<PathMatcher>> matchers = new LinkedHashMap<>();
    for (ReportSpec spec : specs) {
      List<PathMatcher> forSpec = new ArrayList<>();
      forSpec.add(FileSystems.getDefault().getPathMatcher("glob:" + spec.glob()));
      if (spec.glob().startsWith("**/")) {
        // "**/target/x" also means a top-level "target/x".
        forSpec.add(FileSystems.getDefault().getPathMatcher("glob:" + spec.glob().substring(3)));
      }
      matchers.put(spec, forSpec);
    }
    Map<Path, ReportFormat> found = new LinkedHashMap<>();
    walk(tree, matchers, false, found);
    if (Files.isDirectory(reportsDir)) {
      walk(reportsDir, matchers, true, found);
    }
    TestSummary tests = TestSummary.NONE;
    Coverage jacoco = Coverage.NONE;
    Coverage cobertura = Coverage.NONE;
    List<ToolFinding> findings = new ArrayList<>();
    Set<String> problems = new TreeSet<>();
    for (Map.Entry<Path, ReportFormat> report : found.entrySet()) {
      Path file = report.getKey();
      try {
        if (Files.size(file) > MAX_REPORT_BYTES) {
          problems.add(tree.relativize(file) + ": " + Files.size(file) + " bytes, above the " + MAX_REPORT_BYTES
              + "-byte report limit; not read");
          continue;
        }
        switch (report.getValue()) {
          case JUNIT -> tests = tests.plus(JUnitXml.parse(file));
          case JACOCO -> jacoco = jacoco.plus(CoverageXml.jacoco(file));
          case COBERTURA -> cobertura = cobertura.plus(CoverageXml.cobertura(file));
          case CHECKSTYLE -> findings.addAll(CheckstyleXml.parse(file, tree));
          case SARIF -> findings.addAll(SarifJson.parse(file, tree));
        }
      } catch (ReportException e) {
        problems.add(report.getValue().name().toLowerCase(java.util.Locale.ROOT) + " report " + e.getMessage());
      }
    }
    // A repository measured by both tools (Java and Python parts) reports both; JaCoCo's lines first.
    return new Reports(tests, jacoco.plus(cobertura), findings, List.copyOf(problems));
  }

  private static void walk(Path root, Map<ReportSpec, List<PathMatcher>> matchers, boolean reportsDir,
      Map<Path, ReportFormat> found) throws IOException {
    Files.walkFileTree(root, Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        return !dir.equals(root) && SKIPPED_DIRS.contains(dir.getFileName().toString())
            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          return FileVisitResult.CONTINUE;
        }
        Path relative = root.relativize(file);
        for (Map.Entry<ReportSpec, List<PathMatcher>> spec : matchers.entrySet()) {
          if (spec.getKey().inReportsDir() == reportsDir
              && spec.getValue().stream().anyMatch(m -> m.matches(relative))) {
            found.putIfAbsent(file, spec.getKey().format());
          }
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
