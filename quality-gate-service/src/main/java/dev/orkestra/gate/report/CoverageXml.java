package dev.orkestra.gate.report;

import java.nio.file.Path;
import org.w3c.dom.Element;

/** Line coverage from JaCoCo's XML report and from Cobertura's (coverage.py, pytest-cov, Istanbul's cobertura). */
public final class CoverageXml {

  private CoverageXml() {}

  /** JaCoCo: the report's own {@code <counter type="LINE">} (the total over its packages). */
  public static Coverage jacoco(Path file) throws ReportException {
    Element root = SafeXml.parse(file).getDocumentElement();
    if (!root.getTagName().equals("report")) {
      throw new ReportException(file, "not a JaCoCo report (root element <" + root.getTagName() + ">)");
    }
    for (Element counter : SafeXml.children(root, "counter")) {
      if (counter.getAttribute("type").equals("LINE")) {
        long covered = SafeXml.longAttribute(counter, "covered");
        return new Coverage(covered, covered + SafeXml.longAttribute(counter, "missed"));
      }
    }
    return Coverage.NONE;
  }

  /**
   * Cobertura: {@code lines-covered}/{@code lines-valid} on the root where the writer gives them
   * (coverage.py does), else the {@code <line>} elements counted (older writers give only a rate).
   */
  public static Coverage cobertura(Path file) throws ReportException {
    Element root = SafeXml.parse(file).getDocumentElement();
    if (!root.getTagName().equals("coverage")) {
      throw new ReportException(file, "not a Cobertura report (root element <" + root.getTagName() + ">)");
    }
    if (!root.getAttribute("lines-valid").isBlank()) {
      return new Coverage(SafeXml.longAttribute(root, "lines-covered"), SafeXml.longAttribute(root, "lines-valid"));
    }
    long covered = 0;
    long total = 0;
    for (Element line : SafeXml.all(root, "line")) {
      // A line is listed once per class that holds it; methods repeat their class's lines.
      if (line.getParentNode() instanceof Element parent && parent.getParentNode() instanceof Element owner
          && owner.getTagName().equals("class")) {
        total++;
        if (SafeXml.longAttribute(line, "hits") > 0) {
          covered++;
        }
      }
    }
    return new Coverage(covered, total);
  }
}
