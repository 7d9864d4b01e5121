package dev.orkestra.gate.report;

import dev.orkestra.events.task.FindingCategory;
import dev.orkestra.events.task.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * javac's diagnostics in a build's output: as Maven's compiler plugin prints them
 * ({@code [WARNING] /abs/Foo.java:[12,5] [rawtypes] found raw type: List}) and as javac and Gradle
 * print them ({@code src/Foo.java:12: warning: [rawtypes] found raw type: List}). Warnings are
 * MEDIUM lint findings (ZERO-WARNINGS judges them against the base), errors MAJOR build findings.
 * Lines without a source position (Maven's own warnings, "Some input files use unchecked...") are
 * not javac's findings and are skipped.
 */
public final class JavacOutput {

  private static final Pattern MAVEN = Pattern.compile(
      "^\\[(WARNING|ERROR)\\] (.+\\.java):\\[(\\d+),(\\d+)\\] (.*)$");
  private static final Pattern PLAIN = Pattern.compile(
      "^(?:\\S+ )?(.+\\.java):(\\d+): (warning|error): (.*)$");
  private static final Pattern RULE = Pattern.compile("^\\[([a-z][a-z-]*)\\] (.*)$");

  private JavacOutput() {}

  public static List<ToolFinding> parse(List<String> lines, Path root) {
    List<ToolFinding> findings = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String line : lines) {
      Matcher maven = MAVEN.matcher(line);
      Matcher plain = PLAIN.matcher(line);
      String path;
      int lineNumber;
      Integer column = null;
      boolean error;
      String text;
      if (maven.matches()) {
        error = maven.group(1).equals("ERROR");
        path = maven.group(2);
        lineNumber = Integer.parseInt(maven.group(3));
        column = Integer.parseInt(maven.group(4));
        text = maven.group(5);
      } else if (plain.matches()) {
        path = plain.group(1);
        lineNumber = Integer.parseInt(plain.group(2));
        error = plain.group(3).equals("error");
        text = plain.group(4);
      } else {
        continue;
      }
      String rule = null;
      Matcher ruled = RULE.matcher(text);
      if (ruled.matches()) {
        rule = ruled.group(1);
        text = ruled.group(2);
      }
      ToolFinding finding = new ToolFinding("javac", rule, FindingPaths.relative(path, root), lineNumber, column,
          text.strip(), error ? Severity.MAJOR : Severity.MEDIUM, error ? FindingCategory.BUILD : FindingCategory.LINT);
      // Maven prints a module's diagnostics twice when compilation fails (the list, then the error summary).
      if (seen.add(finding.toString())) {
        findings.add(finding);
      }
    }
    return findings;
  }
}
