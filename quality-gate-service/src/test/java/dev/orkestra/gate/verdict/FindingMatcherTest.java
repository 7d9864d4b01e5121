package dev.orkestra.gate.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.task.FindingCategory;
import dev.orkestra.events.task.Severity;
import dev.orkestra.gate.report.ToolFinding;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingMatcherTest {

  private static ToolFinding warning(String path, int line, String message) {
    return new ToolFinding("javac", "rawtypes", path, line, 5, message, Severity.MEDIUM, FindingCategory.LINT);
  }

  private static List<Boolean> introduced(List<ToolFinding> head, List<ToolFinding> base) {
    return FindingMatcher.judge(head, base).stream().map(FindingMatcher.Judged::introduced).toList();
  }

  @Test
  void aWarningTheBaseHadIsNotNewAfterCodeAboveItMoved() {
    assertThat(introduced(List.of(warning("A.java", 40, "found raw type: List")),
        List.of(warning("A.java", 12, "found raw type: List")))).containsExactly(false);
  }

  @Test
  void aSecondOccurrenceOfTheSameWarningIsNewAndTheNearerOneIsTheOld() {
    assertThat(introduced(List.of(warning("A.java", 13, "found raw type: List"), warning("A.java", 80, "found raw type: List")),
        List.of(warning("A.java", 12, "found raw type: List")))).containsExactly(false, true);
  }

  @Test
  void anotherFileRuleOrMessageIsAnotherWarning() {
    ToolFinding base = warning("A.java", 12, "found raw type: List");
    assertThat(introduced(List.of(warning("B.java", 12, "found raw type: List")), List.of(base))).containsExactly(true);
    assertThat(introduced(List.of(warning("A.java", 12, "found raw type: Map")), List.of(base))).containsExactly(true);
    assertThat(introduced(List.of(new ToolFinding("javac", "unchecked", "A.java", 12, 5, "found raw type: List",
        Severity.MEDIUM, FindingCategory.LINT)), List.of(base))).containsExactly(true);
  }

  @Test
  void numbersInTheMessageDoNotMakeItAnotherWarning() {
    ToolFinding base = new ToolFinding("flake8", "E501", "a.py", 3, 80, "line too long (88 > 79 characters)",
        Severity.MINOR, FindingCategory.LINT);
    ToolFinding head = new ToolFinding("flake8", "E501", "a.py", 5, 80, "line too long (91 > 79 characters)",
        Severity.MINOR, FindingCategory.LINT);
    assertThat(introduced(List.of(head), List.of(base))).containsExactly(false);
  }

  @Test
  void withoutABaseEverythingIsNew() {
    assertThat(introduced(List.of(warning("A.java", 1, "x")), null)).containsExactly(true);
  }
}
