package dev.orkestra.coordinator.task;

import static dev.orkestra.coordinator.task.Models.CLAUDE_SONNET;
import static dev.orkestra.coordinator.task.Models.GEMINI_FLASH;
import static dev.orkestra.coordinator.task.Models.GEMINI_PRO;
import static dev.orkestra.coordinator.task.Models.GPT_MINI;
import static dev.orkestra.coordinator.task.Tasks.step;
import static dev.orkestra.coordinator.task.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.task.Complexity;
import dev.orkestra.events.task.PlanStep;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.StepType;
import dev.orkestra.events.task.TaskSpec;
import dev.orkestra.models.ModelSpec;
import dev.orkestra.models.Provider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ModelRouterTest {

  private final ModelRouter seed = Models.seedRouter();

  private static String chosen(RouteDecision decision) {
    assertThat(decision.routed()).as(decision.reason()).isTrue();
    return decision.model().getModelId();
  }

  // ---------------------------------------------------------------- seed 002's matrix

  @ParameterizedTest(name = "planner for {0}/{1} is {2}")
  @CsvSource({
      "HIGH,   core,     claude-sonnet, 1",
      "HIGH,   math,     claude-sonnet, 1",
      "HIGH,   api,      gemini-pro,    2",
      "HIGH,   services, gemini-pro,    2",
      "MEDIUM, core,     claude-sonnet, 3",
      "LOW,    math,     claude-sonnet, 3",
      "HIGH,   docs,     claude-sonnet, 4",
      "MEDIUM, tests,    gemini-pro,    5",
      "MEDIUM, docs,     gemini-pro,    5",
      "LOW,    docs,     gemini-flash,  6",
      "LOW,    comments, gemini-flash,  6",
  })
  void plannerFollowsTheSeedMatrix(Risk risk, String area, String model, int rule) {
    RouteDecision decision = seed.route(RouteRequest.planner(task(risk, area)));

    assertThat(chosen(decision)).isEqualTo(model);
    assertThat(decision.role()).isEqualTo(TaskRole.PLANNER);
    assertThat(decision.reason()).startsWith("task T-1: planner=" + model + " (rule " + rule + ": ");
  }

  @Test
  void theReasonReadsLikeTheSeedsRoutingLog() {
    PlanStep tests = step("S2", StepType.TESTING, Risk.LOW, Complexity.MEDIUM, "tests");
    TaskSpec task = task(Risk.HIGH, "math");

    assertThat(seed.route(RouteRequest.implementer(task, tests)).reason())
        .isEqualTo("task T-1 / step S2: implementer=gemini-flash (rule 11: low-risk tests and docs)");
    assertThat(seed.route(RouteRequest.codeReviewer(task, tests, GEMINI_FLASH)).reason())
        .isEqualTo("task T-1 / step S2: code-reviewer=claude-sonnet (rule 14: high-quality review for cheap code;"
            + " cross-check: family claude, author gemini-flash is gemini)");
  }

  @ParameterizedTest(name = "plan by {0} is reviewed by {1}")
  @CsvSource({
      "claude-sonnet, gemini-pro",
      "gemini-pro,    claude-sonnet",
      "gemini-flash,  claude-sonnet",
      "gpt-mini,      gemini-pro",
  })
  void thePlanReviewerIsNeverThePlannersFamily(String planner, String reviewer) {
    ModelRef author = Models.catalog().get(planner);

    RouteDecision decision = seed.route(RouteRequest.planReviewer(task(Risk.HIGH, "core"), author));

    assertThat(chosen(decision)).isEqualTo(reviewer);
    assertThat(decision.model().getFamily()).isNotEqualTo(author.getFamily());
  }

  @Test
  void aSkippedCandidateIsNamedInTheReason() {
    RouteDecision decision = seed.route(RouteRequest.planReviewer(task(Risk.LOW, "docs"), GEMINI_FLASH));

    assertThat(decision.reason()).isEqualTo("task T-1: plan-reviewer=claude-sonnet (rule 7: different than the planner;"
        + " cross-check: family claude, author gemini-flash is gemini;"
        + " skipped gemini-pro shares family gemini with author gemini-flash (rule 7))");
  }

  @ParameterizedTest(name = "{0} {1} {2} step in {3} is implemented by {4}")
  @CsvSource({
      "IMPLEMENTATION,  HIGH,   SMALL,  tests,    claude-sonnet",
      "IMPLEMENTATION,  MEDIUM, LARGE,  api,      claude-sonnet",
      "DOCS,            MEDIUM, MEDIUM, core,     gemini-flash",
      "COMMENTS,        MEDIUM, SMALL,  core,     gemini-flash",
      "SIMPLE_REFACTOR, LOW,    SMALL,  core,     gemini-flash",
      "TESTING,         LOW,    MEDIUM, tests,    gemini-flash",
      "IMPLEMENTATION,  LOW,    SMALL,  docs,     gemini-flash",
      "IMPLEMENTATION,  MEDIUM, MEDIUM, api,      gemini-pro",
      "TESTING,         MEDIUM, MEDIUM, tests,    gemini-pro",
      "ANALYSIS,        LOW,    SMALL,  services, gemini-pro",
  })
  void implementerFollowsTheSeedsChooseImplementer(StepType type, Risk risk, Complexity complexity, String area,
      String model) {
    PlanStep step = step("S1", type, risk, complexity, area);

    assertThat(chosen(seed.route(RouteRequest.implementer(task(Risk.HIGH, "core"), step)))).isEqualTo(model);
  }

  @Test
  void aStepIsRoutedByItsOwnAreaAndRiskElseByTheTasksArea() {
    TaskSpec task = task(Risk.HIGH, "tests");
    PlanStep ownArea = step("S1", StepType.IMPLEMENTATION, Risk.LOW, Complexity.SMALL, "core");
    PlanStep noArea = step("S2", StepType.IMPLEMENTATION, Risk.LOW, Complexity.SMALL, null);

    assertThat(chosen(seed.route(RouteRequest.implementer(task, ownArea)))).isEqualTo("gemini-pro");
    assertThat(chosen(seed.route(RouteRequest.implementer(task, noArea)))).isEqualTo("gemini-flash");
  }

  @ParameterizedTest(name = "code by {0} is reviewed by {1}")
  @CsvSource({
      "claude-sonnet, gemini-pro",
      "gemini-flash,  claude-sonnet",
      "gemini-pro,    claude-sonnet",
      "gpt-mini,      gemini-flash",
  })
  void theCodeReviewerIsNeverTheImplementersFamily(String implementer, String reviewer) {
    ModelRef author = Models.catalog().get(implementer);
    PlanStep step = step("S1", StepType.IMPLEMENTATION, Risk.MEDIUM, Complexity.MEDIUM, "api");

    RouteDecision decision = seed.route(RouteRequest.codeReviewer(task(Risk.MEDIUM, "api"), step, author));

    assertThat(chosen(decision)).isEqualTo(reviewer);
    assertThat(decision.model().getFamily()).isNotEqualTo(author.getFamily());
  }

  @Test
  void atModelGranularityTheSeedsLiteralRuleLetsFlashReviewPro() {
    ModelRouter literal = new ModelRouter(new RoutingTable(Diversity.MODEL,
        RoutingTable.seedTable(Models.catalog()).rules()), Models.catalog());
    PlanStep step = step("S1", StepType.IMPLEMENTATION, Risk.MEDIUM, Complexity.MEDIUM, "api");

    RouteDecision decision = literal.route(RouteRequest.codeReviewer(task(Risk.MEDIUM, "api"), step, GEMINI_PRO));

    assertThat(chosen(decision)).isEqualTo("gemini-flash");
    assertThat(decision.reason()).endsWith("(rule 15: fast review for Pro-written code; cross-check of gemini-pro)");
  }

  // ---------------------------------------------------------------- the diversity invariant

  @ParameterizedTest
  @EnumSource(Diversity.class)
  void noReviewerEverConflictsWithItsAuthorWhateverTheTableOffers(Diversity diversity) {
    // Every model is offered to every reviewer role, the author's own first.
    StringBuilder yaml = new StringBuilder("diversity: " + diversity.id() + "\nrules:\n");
    for (String role : List.of("plan-reviewer", "code-reviewer")) {
      yaml.append("  - role: ").append(role).append("\n    models: [claude-sonnet, gemini-pro, gemini-flash, gpt-mini]\n");
    }
    ModelRouter router = Models.router(yaml.toString());
    PlanStep step = step("S1", StepType.IMPLEMENTATION, Risk.MEDIUM, Complexity.MEDIUM, "api");
    for (ModelRef author : Models.catalog().values()) {
      for (RouteRequest request : List.of(RouteRequest.planReviewer(task(Risk.LOW, "api"), author),
          RouteRequest.codeReviewer(task(Risk.LOW, "api"), step, author))) {
        RouteDecision decision = router.route(request);
        assertThat(decision.routed()).as(decision.reason()).isTrue();
        assertThat(diversity.conflict(decision.model(), author)).as(decision.reason()).isEmpty();
      }
    }
  }

  @Test
  void whenOnlyTheAuthorsFamilyIsOfferedNoModelIsChosenAndThePersonIsTold() {
    ModelRouter router = Models.router("""
        rules:
          - role: code-reviewer
            models: [gemini-pro, gemini-flash]
        """);
    PlanStep step = step("S3", StepType.IMPLEMENTATION, Risk.MEDIUM, Complexity.MEDIUM, "api");

    RouteDecision decision = router.route(RouteRequest.codeReviewer(task(Risk.MEDIUM, "api"), step, GEMINI_FLASH));

    assertThat(decision.routed()).isFalse();
    assertThat(decision.model()).isNull();
    assertThat(decision.reason()).isEqualTo("task T-1 / step S3: no eligible code-reviewer:"
        + " gemini-pro shares family gemini with author gemini-flash (rule 1);"
        + " gemini-flash shares family gemini with author gemini-flash (rule 1);"
        + " a person must decide, or the routing table must offer a model of another family than gemini-flash");
  }

  @Test
  void aLaterMatchingRuleServesWhenTheFirstOffersNoEligibleModel() {
    ModelRouter router = Models.router("""
        rules:
          - role: plan-reviewer
            risk: high
            models: gemini-pro
          - role: plan-reviewer
            models: [gpt-mini]
            rationale: fallback
        """);

    RouteDecision decision = router.route(RouteRequest.planReviewer(task(Risk.HIGH, "api"), GEMINI_FLASH));

    assertThat(chosen(decision)).isEqualTo("gpt-mini");
    assertThat(decision.reason()).contains("rule 2: fallback").contains("skipped gemini-pro shares family gemini");
  }

  @Test
  void theFirstMatchingRuleWins() {
    ModelRouter router = Models.router("""
        rules:
          - role: implementer
            area: API
            models: [gpt-mini]
          - role: implementer
            models: [claude-sonnet]
        """);
    PlanStep step = step("S1", StepType.IMPLEMENTATION, Risk.MEDIUM, Complexity.MEDIUM, "api");

    assertThat(chosen(router.route(RouteRequest.implementer(task(Risk.LOW, "x"), step)))).isEqualTo("gpt-mini");
    assertThat(chosen(router.route(RouteRequest.implementer(task(Risk.LOW, "x"),
        step("S2", StepType.IMPLEMENTATION, Risk.MEDIUM, Complexity.MEDIUM, "core"))))).isEqualTo("claude-sonnet");
  }

  @Test
  void noMatchingRuleIsSaidWithWhatWasAsked() {
    ModelRouter router = Models.router("""
        rules:
          - role: planner
            models: [gpt-mini]
        """);
    PlanStep step = step("S4", StepType.DOCS, Risk.LOW, Complexity.TRIVIAL, "docs");

    RouteDecision decision = router.route(RouteRequest.implementer(task(Risk.LOW, "docs"), step));

    assertThat(decision.routed()).isFalse();
    assertThat(decision.reason()).isEqualTo("task T-1 / step S4: no routing rule for implementer matches"
        + " risk=low, area=docs, type=docs, complexity=trivial; add a rule for it to the routing table");
  }

  @Test
  void aCriterionTheRequestCannotAnswerDoesNotMatch() {
    ModelRouter router = Models.router("""
        rules:
          - role: planner
            stepType: docs
            models: [gpt-mini]
        """);

    assertThat(router.route(RouteRequest.planner(task(Risk.LOW, "docs"))).routed()).isFalse();
  }

  @Test
  void atProviderGranularityAnUndeclaredProviderNeverQualifies() {
    ModelRef anonymous = Models.ref("gpt-mini", "gpt", null);

    assertThat(Diversity.PROVIDER.conflict(anonymous, CLAUDE_SONNET)).hasValue(
        "gpt-mini cannot be shown to differ from author claude-sonnet (provider not declared)");
    assertThat(Diversity.PROVIDER.conflict(GEMINI_PRO, GEMINI_FLASH)).hasValue(
        "gemini-pro shares provider gemini with author gemini-flash");
    assertThat(Diversity.PROVIDER.conflict(GPT_MINI, GEMINI_FLASH)).isEmpty();
    assertThat(Diversity.FAMILY.conflict(Models.ref("x", " ", "p"), GEMINI_FLASH)).isPresent();
    assertThat(Diversity.MODEL.conflict(GEMINI_PRO, GEMINI_FLASH)).isEmpty();
    assertThat(Diversity.MODEL.conflict(GEMINI_FLASH, GEMINI_FLASH)).hasValue("gemini-flash is the author's own model");
  }

  @Test
  void theRegistrysDeclarationsBecomeTheCatalog() {
    ModelSpec spec = new ModelSpec("local-llama", Provider.OLLAMA, "llama3.1:8b", null, null, "llama", 0, 0, 1,
        Duration.ofSeconds(30), null);

    assertThat(ModelRouter.catalog(List.of(spec))).containsExactlyEntriesOf(
        java.util.Map.of("local-llama", Models.ref("local-llama", "llama", "ollama")));
  }

  // ---------------------------------------------------------------- loading the table

  @Test
  void theShippedSeedTableNeedsItsThreeModelsDeclared() {
    assertThat(RoutingTable.seedTable(Models.catalog()).rules()).hasSize(15);
    assertThat(RoutingTable.seedTable(Models.catalog()).diversity()).isEqualTo(Diversity.FAMILY);
    assertThatThrownBy(() -> RoutingTable.seedTable(java.util.Map.of("gpt-mini", GPT_MINI)))
        .isInstanceOf(RoutingTableException.class)
        .hasMessage("/orkestra/coordinator/task-routing.yaml: rule 1: field 'models': model 'claude-sonnet' is not"
            + " declared in the model registry (declared: gpt-mini)");
  }

  @Test
  void aTableLoadsFromAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("routing.yaml");
    Files.writeString(file, "diversity: provider\nrules:\n  - role: PLAN_REVIEWER\n    model: gpt-mini\n");

    RoutingTable table = RoutingTable.load(file, Models.catalog());

    assertThat(table.diversity()).isEqualTo(Diversity.PROVIDER);
    assertThat(table.rules()).singleElement().satisfies(rule -> {
      assertThat(rule.role()).isEqualTo(TaskRole.PLAN_REVIEWER);
      assertThat(rule.models()).containsExactly("gpt-mini");
    });
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "rules: []| test.yaml: field 'rules' must be a non-empty list of rules",
      "rules: [{role: boss, models: [gpt-mini]}]| test.yaml: rule 1: field 'role': unknown value 'boss' (expected one of planner, plan-reviewer, implementer, code-reviewer)",
      "rules: [{models: [gpt-mini]}]| test.yaml: rule 1: field 'role' is required (one of planner, plan-reviewer, implementer, code-reviewer)",
      "rules: [{role: planner, risk: hi, models: [gpt-mini]}]| test.yaml: rule 1: field 'risk': unknown value 'hi' (expected one of low, medium, high)",
      "rules: [{role: implementer, stepType: [docs, poetry], models: [gpt-mini]}]| test.yaml: rule 1: field 'stepType': unknown value 'poetry' (expected one of analysis, implementation, testing, validation, docs, comments, simple_refactor, other)",
      "rules: [{role: implementer, complexity: huge, models: [gpt-mini]}]| test.yaml: rule 1: field 'complexity': unknown value 'huge' (expected one of trivial, small, medium, large)",
      "rules: [{role: planner, models: [gpt-mini]}, {role: planner, models: [gpt-max]}]| test.yaml: rule 2: field 'models': model 'gpt-max' is not declared in the model registry (declared: claude-sonnet, gemini-flash, gemini-pro, gpt-mini)",
      "rules: [{role: planner}]| test.yaml: rule 1: field 'models' is required (the model ids to route to, in order)",
      "rules: [{role: planner, model: gpt-mini, models: [gpt-mini]}]| test.yaml: rule 1: give either 'model' or 'models', not both",
      "rules: [{role: planner, author: gpt-mini, models: [gpt-mini]}]| test.yaml: rule 1: field 'author' only applies to reviewer roles, not planner",
      "rules: [{role: code-reviewer, author: gpt-5, models: [gpt-mini]}]| test.yaml: rule 1: field 'author': model 'gpt-5' is not declared in the model registry (declared: claude-sonnet, gemini-flash, gemini-pro, gpt-mini)",
      "rules: [{role: planner, models: [gpt-mini], note: x}]| test.yaml: rule 1: field 'note' is not known (expected one of area, author, complexity, model, models, rationale, risk, role, stepType)",
      "rules: [{role: planner, area: [{a: b}], models: [gpt-mini]}]| test.yaml: rule 1: field 'area' must be a value or a list of values",
      "rules: [planner]| test.yaml: rule 1: must be a mapping of fields",
      "diversity: vendor\\nrules: [{role: planner, models: [gpt-mini]}]| test.yaml: field 'diversity': unknown value 'vendor' (expected one of model, family, provider)",
      "routes: []| test.yaml: field 'routes' is not known (expected diversity, rules)",
      "- a list| test.yaml: must be a mapping with 'rules' (and optionally 'diversity')",
  })
  void anUnusableTableFailsNamingRuleAndField(String yaml, String message) {
    assertThatThrownBy(() -> RoutingTable.parse(yaml.replace("\\n", "\n"), "test.yaml", Models.catalog()))
        .isInstanceOf(RoutingTableException.class)
        .hasMessage(message);
  }

  @Test
  void invalidYamlIsSaidSo() {
    assertThatThrownBy(() -> RoutingTable.parse("rules: [", "test.yaml", Models.catalog()))
        .isInstanceOf(RoutingTableException.class)
        .hasMessageStartingWith("test.yaml: is not valid YAML: ");
  }
}
