package dev.orkestra.gate.report;

import dev.orkestra.events.task.FindingCategory;
import dev.orkestra.events.task.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/**
 * Checkstyle's XML ({@code <checkstyle><file name><error line column severity message source/>}),
 * which other tools write too (ESLint's and ktlint's checkstyle formatters). error → MAJOR,
 * warning → MEDIUM, info → MINOR; the rule is the check's short name.
 */
public final class CheckstyleXml {

  private CheckstyleXml() {}

  public static List<ToolFinding> parse(Path file, Path root) throws ReportException {
    Element top = SafeXml.parse(file).getDocumentElement();
    if (!top.getTagName().equals("checkstyle")) {
      throw new ReportException(file, "not a checkstyle report (root element <" + top.getTagName() + ">)");
    }
    List<ToolFinding> findings = new ArrayList<>();
    for (Element source : SafeXml.children(top, "file")) {
      String path = FindingPaths.relative(source.getAttribute("name"), root);
      for (Element error : SafeXml.children(source, "error")) {
        String severity = error.getAttribute("severity");
        findings.add(new ToolFinding("checkstyle", rule(error.getAttribute("source")), path,
            SafeXml.intAttribute(error, "line"), SafeXml.intAttribute(error, "column"), error.getAttribute("message"),
            switch (severity) {
              case "error" -> Severity.MAJOR;
              case "info", "ignore" -> Severity.MINOR;
              default -> Severity.MEDIUM;
            }, FindingCategory.LINT));
      }
    }
    return findings;
  }

  /** {@code com.puppycrawl.tools.checkstyle.checks.imports.UnusedImportsCheck} → {@code UnusedImports}. */
  private static String rule(String source) {
    if (source == null || source.isBlank()) {
      return null;
    }
    String name = source.substring(source.lastIndexOf('.') + 1);
    return name.endsWith("Check") && name.length() > "Check".length()
        ? name.substring(0, name.length() - "Check".length()) : name;
  }
}
