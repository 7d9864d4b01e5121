package dev.orkestra.gate.report;

import java.util.ArrayList;
import java.util.List;

/** Tests counted from JUnit XML reports (surefire, Gradle, pytest {@code --junitxml}). */
public record TestSummary(int run, int skipped, List<FailedTest> failed) {

  public static final TestSummary NONE = new TestSummary(0, 0, List.of());

  public TestSummary {
    failed = List.copyOf(failed);
  }

  public TestSummary plus(TestSummary other) {
    List<FailedTest> all = new ArrayList<>(failed);
    all.addAll(other.failed);
    return new TestSummary(run + other.run, skipped + other.skipped, all);
  }
}
