package dev.orkestra.gate.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/**
 * JUnit XML as surefire, failsafe, Gradle and pytest ({@code --junitxml}) write it: a
 * {@code testsuite} or a {@code testsuites} of them. Tests are counted from the {@code testcase}
 * elements, not from the suites' attributes, which some writers leave out or sum differently.
 */
public final class JUnitXml {

  private static final int MAX_MESSAGE = 500;

  private JUnitXml() {}

  public static TestSummary parse(Path file) throws ReportException {
    Element root = SafeXml.parse(file).getDocumentElement();
    if (!root.getTagName().equals("testsuite") && !root.getTagName().equals("testsuites")) {
      throw new ReportException(file, "not a JUnit report (root element <" + root.getTagName() + ">)");
    }
    int run = 0;
    int skipped = 0;
    List<FailedTest> failed = new ArrayList<>();
    for (Element testcase : SafeXml.all(root, "testcase")) {
      run++;
      List<Element> failures = SafeXml.children(testcase, "failure");
      List<Element> errors = SafeXml.children(testcase, "error");
      if (!failures.isEmpty() || !errors.isEmpty()) {
        Element first = failures.isEmpty() ? errors.getFirst() : failures.getFirst();
        failed.add(new FailedTest(testcase.getAttribute("classname"), testcase.getAttribute("name"),
            message(first), failures.isEmpty()));
      } else if (!SafeXml.children(testcase, "skipped").isEmpty()) {
        skipped++;
      }
    }
    return new TestSummary(run, skipped, failed);
  }

  /** The failure's message attribute, else the first line of its text (the stack trace's head). */
  private static String message(Element failure) {
    String message = failure.getAttribute("message");
    if (message.isBlank()) {
      message = failure.getTextContent().strip().lines().findFirst().orElse(failure.getAttribute("type"));
    }
    message = message.strip().replaceAll("\\s+", " ");
    return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
  }
}
