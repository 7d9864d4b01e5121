package dev.orkestra.gate.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.events.task.FindingCategory;
import dev.orkestra.events.task.Severity;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each parser on the format as its tool writes it (the XML samples were written by the real tools). */
class ReportParsersTest {

  @TempDir Path tmp;

  private static Path sample(String name) throws URISyntaxException {
    return Path.of(ReportParsersTest.class.getResource("/reports/" + name).toURI());
  }

  private Path file(String name, String content) throws Exception {
    return Files.writeString(tmp.resolve(name), content);
  }

  @Test
  void surefireXmlCountsItsTestCases() throws Exception {
    TestSummary tests = JUnitXml.parse(sample("surefire-TEST-demo.CalcTest.xml"));

    assertThat(tests.run()).isEqualTo(2);
    assertThat(tests.failed()).isEmpty();
  }

  @Test
  void pytestJunitXmlNamesTheFailedTestAndCountsTheSkippedOne() throws Exception {
    TestSummary tests = JUnitXml.parse(sample("pytest-junit.xml"));

    assertThat(tests.run()).isEqualTo(3);
    assertThat(tests.skipped()).isEqualTo(1);
    assertThat(tests.failed()).singleElement().satisfies(t -> {
      assertThat(t.fullName()).isEqualTo("test_calc.test_wrong");
      assertThat(t.message()).startsWith("assert 2 == 3");
      assertThat(t.error()).isFalse();
    });
  }

  @Test
  void anErrorWithoutMessageTakesTheFirstLineOfItsTrace() throws Exception {
    TestSummary tests = JUnitXml.parse(file("t.xml", """
        <testsuite name="s"><testcase classname="a.B" name="c"><error type="java.lang.NullPointerException">
        java.lang.NullPointerException: boom
          at a.B.c(B.java:3)</error></testcase></testsuite>"""));

    assertThat(tests.failed()).singleElement().satisfies(t -> {
      assertThat(t.error()).isTrue();
      assertThat(t.message()).isEqualTo("java.lang.NullPointerException: boom");
    });
  }

  @Test
  void jacocoXmlGivesTheReportsLineCounterWithoutFetchingItsDtd() throws Exception {
    Coverage coverage = CoverageXml.jacoco(sample("jacoco.xml"));

    assertThat(coverage).isEqualTo(new Coverage(3, 4));
    assertThat(coverage.percent()).isEqualTo(75.0);
  }

  @Test
  void coberturaXmlOfCoveragePyGivesLinesCoveredOfValid() throws Exception {
    Coverage coverage = CoverageXml.cobertura(sample("cobertura.xml"));

    assertThat(coverage.total()).isEqualTo(15);
    assertThat(coverage.covered()).isEqualTo(11);
  }

  @Test
  void coberturaWithoutTotalsCountsItsClassLines() throws Exception {
    Coverage coverage = CoverageXml.cobertura(file("c.xml", """
        <coverage line-rate="0.5"><packages><package><classes><class name="a" filename="a.py"><methods/>
        <lines><line number="1" hits="1"/><line number="2" hits="0"/></lines></class></classes></package></packages>
        </coverage>"""));

    assertThat(coverage).isEqualTo(new Coverage(1, 2));
  }

  @Test
  void anExternalEntityIsNeverResolved() throws Exception {
    Path secret = file("secret.txt", "do-not-read");
    Path hostile = file("x.xml", "<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY e SYSTEM \"" + secret.toUri()
        + "\">]><testsuite><testcase classname=\"&e;\" name=\"n\"><failure message=\"&e;\"/></testcase></testsuite>");

    try {
      TestSummary tests = JUnitXml.parse(hostile);
      assertThat(tests.failed()).allSatisfy(t -> assertThat(t.fullName() + t.message()).doesNotContain("do-not-read"));
    } catch (ReportException refused) {
      assertThat(refused.getMessage()).doesNotContain("do-not-read");
    }
  }

  @Test
  void somethingElseIsAReportErrorNamingTheFile() throws Exception {
    assertThatThrownBy(() -> JUnitXml.parse(file("other.xml", "<project/>")))
        .isInstanceOf(ReportException.class).hasMessageContaining("other.xml").hasMessageContaining("<project>");
    assertThatThrownBy(() -> CoverageXml.jacoco(file("broken.xml", "<report")))
        .isInstanceOf(ReportException.class).hasMessageContaining("not readable XML");
  }

  @Test
  void javacWarningsAsMavenAndJavacPrintThem() {
    Path root = Path.of("/work/tree");
    List<ToolFinding> findings = JavacOutput.parse(List.of(
        "[INFO] Compiling 1 source file with javac [debug release 25] to target/classes",
        "[WARNING] /work/tree/src/main/java/demo/Calc.java:[6,39] found raw type: java.util.List",
        "[WARNING] /work/tree/src/main/java/demo/Calc.java:[9,5] [deprecation] stop() in Thread has been deprecated",
        "src/main/java/demo/Old.java:12: warning: [unchecked] unchecked call to add(E)",
        "src/main/java/demo/Bad.java:3: error: ';' expected",
        "[WARNING] Using platform encoding (UTF-8 actually) to copy filtered resources",
        "Note: Some input files use unchecked or unsafe operations."), root);

    assertThat(findings).containsExactly(
        new ToolFinding("javac", null, "src/main/java/demo/Calc.java", 6, 39, "found raw type: java.util.List",
            Severity.MEDIUM, FindingCategory.LINT),
        new ToolFinding("javac", "deprecation", "src/main/java/demo/Calc.java", 9, 5,
            "stop() in Thread has been deprecated", Severity.MEDIUM, FindingCategory.LINT),
        new ToolFinding("javac", "unchecked", "src/main/java/demo/Old.java", 12, null, "unchecked call to add(E)",
            Severity.MEDIUM, FindingCategory.LINT),
        new ToolFinding("javac", null, "src/main/java/demo/Bad.java", 3, null, "';' expected", Severity.MAJOR,
            FindingCategory.BUILD));
  }

  @Test
  void flake8AndRuffTextWithSeverityByCodeFamily() {
    Path root = Path.of("/w");
    List<ToolFinding> findings = Flake8Output.parse(List.of(
        "./app/models.py:1:1: F401 'os' imported but unused",
        "app/views.py:10:80: E501 line too long (88 > 79 characters)",
        "app/views.py:12:5: F821 undefined name 'reqest'",
        "Found 3 errors."), root, "flake8");

    assertThat(findings).extracting(ToolFinding::path, ToolFinding::line, ToolFinding::rule, ToolFinding::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("app/models.py", 1, "F401", Severity.MEDIUM),
            org.assertj.core.groups.Tuple.tuple("app/views.py", 10, "E501", Severity.MINOR),
            org.assertj.core.groups.Tuple.tuple("app/views.py", 12, "F821", Severity.MAJOR));
    assertThat(Flake8Output.parse(List.of("src/a.py:3:8: F401 [*] `sys` imported but unused"), root, "ruff"))
        .singleElement().satisfies(f -> {
          assertThat(f.tool()).isEqualTo("ruff");
          assertThat(f.message()).isEqualTo("[*] `sys` imported but unused");
        });
  }

  @Test
  void checkstyleXmlWithPathsMadeRelativeAndRulesShortened() throws Exception {
    Path root = tmp.resolve("tree");
    List<ToolFinding> findings = CheckstyleXml.parse(file("checkstyle-result.xml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <checkstyle version="10.12.0">
        <file name="%s/src/main/java/demo/Calc.java">
        <error line="3" column="8" severity="warning" message="Unused import - java.util.Map."
               source="com.puppycrawl.tools.checkstyle.checks.imports.UnusedImportsCheck"/>
        <error line="20" severity="error" message="Line is longer than 100 characters (found 120)."
               source="com.puppycrawl.tools.checkstyle.checks.sizes.LineLengthCheck"/>
        </file>
        </checkstyle>""".formatted(root)), root);

    assertThat(findings).extracting(ToolFinding::path, ToolFinding::line, ToolFinding::rule, ToolFinding::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("src/main/java/demo/Calc.java", 3, "UnusedImports", Severity.MEDIUM),
            org.assertj.core.groups.Tuple.tuple("src/main/java/demo/Calc.java", 20, "LineLength", Severity.MAJOR));
  }

  @Test
  void sarifResultsWithLevelsLocationsAndSecurityTags() throws Exception {
    Path root = tmp.resolve("tree");
    List<ToolFinding> findings = SarifJson.parse(file("r.sarif", """
        {"version": "2.1.0", "runs": [{
          "tool": {"driver": {"name": "CodeQL", "rules": [
            {"id": "java/sql-injection", "properties": {"tags": ["security", "external/cwe/cwe-089"]}}]}},
          "results": [
            {"ruleId": "java/sql-injection", "level": "error", "message": {"text": "Query built from user input."},
             "locations": [{"physicalLocation": {"artifactLocation": {"uri": "file://%s/src/Db.java"},
                            "region": {"startLine": 42, "startColumn": 9}}}]},
            {"ruleId": "java/unused-local", "message": {"text": "Unused variable x."},
             "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/App.java"},
                            "region": {"startLine": 7}}}]},
            {"ruleId": "note-rule", "level": "note", "message": {"text": "Consider final."}}]}]}
        """.formatted(root)), root);

    assertThat(findings).extracting(ToolFinding::tool, ToolFinding::rule, ToolFinding::path, ToolFinding::line,
        ToolFinding::severity, ToolFinding::category).containsExactly(
            org.assertj.core.groups.Tuple.tuple("CodeQL", "java/sql-injection", "src/Db.java", 42, Severity.MAJOR,
                FindingCategory.SECURITY),
            org.assertj.core.groups.Tuple.tuple("CodeQL", "java/unused-local", "src/App.java", 7, Severity.MEDIUM,
                FindingCategory.LINT),
            org.assertj.core.groups.Tuple.tuple("CodeQL", "note-rule", null, null, Severity.MINOR, FindingCategory.LINT));
  }
}
