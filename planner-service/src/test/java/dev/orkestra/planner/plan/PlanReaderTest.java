package dev.orkestra.planner.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orkestra.events.task.Complexity;
import dev.orkestra.events.task.PlanStep;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.StepType;
import org.junit.jupiter.api.Test;

class PlanReaderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void seed002sPlanMapsOntoTheContract() throws Exception {
    PlanReader.Parsed parsed = PlanReader.read(JSON.readTree("""
        {"task_id": "RAE-001", "plan_version": 7,
         "steps": [
           {"id": "S1", "type": "analysis", "description": "Read search/", "risk": "medium",
            "estimated_complexity": "medium", "files_to_read": ["rae-core/search/*", "docs/PLAN.md"]},
           {"id": "S2", "type": "implementation", "description": "HybridSearchEngine", "risk": "high",
            "estimated_complexity": "large", "files_to_create": ["rae-core/search/hybrid.py"],
            "tests_required": true, "depends_on": ["S1"]},
           {"id": "S3", "type": "testing", "description": "Tests", "files_to_create": ["tests/test_hybrid.py"],
            "coverage_target": "90%", "verification_criteria": ["tests pass"]},
           {"id": "S4", "type": "validation", "description": "Full suite", "risk": "low",
            "commands": ["pytest rae-core/tests/", "mypy rae-core/"]}],
         "estimated_duration": "4-6 hours", "dependencies": [],
         "rollback_strategy": "All changes in feature/rae-phase2-search branch"}
        """), 1, Risk.HIGH);

    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.plan().getPlanVersion()).as("the coordinator numbers plans, not the model").isEqualTo(1);
    assertThat(parsed.plan().getEstimatedDuration()).isEqualTo("4-6 hours");
    assertThat(parsed.plan().getRollbackStrategy()).isEqualTo("All changes in feature/rae-phase2-search branch");
    PlanStep s1 = parsed.plan().getSteps().get(0);
    assertThat(s1.getType()).isEqualTo(StepType.ANALYSIS);
    assertThat(s1.getRisk()).isEqualTo(Risk.MEDIUM);
    assertThat(s1.getFilesToRead()).containsExactly("rae-core/search/*", "docs/PLAN.md");
    PlanStep s2 = parsed.plan().getSteps().get(1);
    assertThat(s2.getComplexity()).isEqualTo(Complexity.LARGE);
    assertThat(s2.getTestsRequired()).isTrue();
    assertThat(s2.getDependsOn()).containsExactly("S1");
    PlanStep s3 = parsed.plan().getSteps().get(2);
    assertThat(s3.getCoverageTarget()).isEqualTo(90.0);
    assertThat(s3.getTestsRequired()).as("a coverage target means tests").isTrue();
    assertThat(s3.getRisk()).as("no risk named: the task's").isEqualTo(Risk.HIGH);
    assertThat(s3.getVerificationCriteria()).containsExactly("tests pass");
    assertThat(parsed.plan().getSteps().get(3).getCommands()).containsExactly("pytest rae-core/tests/", "mypy rae-core/");
  }

  @Test
  void camelCaseWrappedPlansSingleStringsAndSeed004PhasesAreRead() throws Exception {
    PlanReader.Parsed camel = PlanReader.read(JSON.readTree("""
        {"plan": {"steps": [{"id": 1, "type": "Docs", "description": "README", "filesToModify": "README.md",
                             "dependsOn": [], "estimatedComplexity": "Small"}]}}
        """), 2, Risk.LOW);
    PlanReader.Parsed phases = PlanReader.read(JSON.readTree("""
        {"phases": [{"id": "phase-001", "name": "Setup models", "dependencies": ["phase-000"],
                     "risk_level": "low", "verification_criteria": ["Models are defined"]}]}
        """), 1, Risk.HIGH);

    PlanStep step = camel.plan().getSteps().getFirst();
    assertThat(step.getId()).isEqualTo("1");
    assertThat(step.getType()).isEqualTo(StepType.DOCS);
    assertThat(step.getFilesToModify()).containsExactly("README.md");
    assertThat(step.getComplexity()).isEqualTo(Complexity.SMALL);
    PlanStep phase = phases.plan().getSteps().getFirst();
    assertThat(phase.getDescription()).isEqualTo("Setup models");
    assertThat(phase.getDependsOn()).containsExactly("phase-000");
    assertThat(phase.getRisk()).isEqualTo(Risk.LOW);
  }

  @Test
  void unknownWordsMapToTheContractsCautiousDefaultsAndSynonymsToTheirEnum() throws Exception {
    var steps = PlanReader.read(JSON.readTree("""
        {"steps": [{"id": "S1", "description": "d", "type": "wibble", "risk": "extreme",
                    "estimated_complexity": "banana"},
                   {"id": "S2", "description": "d", "type": "refactor", "risk": "Critical",
                    "estimated_complexity": "tiny"},
                   {"id": "S3", "description": "d", "type": "docstrings", "estimated_complexity": "huge"},
                   {"id": "S4", "description": "d", "type": "simple_refactor"},
                   {"id": "S5", "description": "d"}]}
        """), 1, Risk.MEDIUM).plan().getSteps();

    assertThat(steps.get(0).getType()).isEqualTo(StepType.OTHER);
    assertThat(steps.get(0).getRisk()).isEqualTo(Risk.HIGH);
    assertThat(steps.get(0).getComplexity()).isEqualTo(Complexity.LARGE);
    assertThat(steps.get(1).getType()).as("not known to be simple").isEqualTo(StepType.IMPLEMENTATION);
    assertThat(steps.get(1).getRisk()).isEqualTo(Risk.HIGH);
    assertThat(steps.get(1).getComplexity()).isEqualTo(Complexity.TRIVIAL);
    assertThat(steps.get(2).getType()).isEqualTo(StepType.COMMENTS);
    assertThat(steps.get(2).getComplexity()).isEqualTo(Complexity.LARGE);
    assertThat(steps.get(3).getType()).isEqualTo(StepType.SIMPLE_REFACTOR);
    assertThat(steps.get(4).getType()).isEqualTo(StepType.OTHER);
    assertThat(steps.get(4).getComplexity()).isEqualTo(Complexity.MEDIUM);
    assertThat(steps.get(4).getRisk()).as("no risk named: the task's").isEqualTo(Risk.MEDIUM);
  }

  @Test
  void missingPartsAreProblemsNamingTheStep() throws Exception {
    PlanReader.Parsed parsed = PlanReader.read(JSON.readTree("""
        {"steps": [{"description": "no id"}, {"id": "S2"}, "just text"]}
        """), 1, Risk.LOW);
    PlanReader.Parsed noSteps = PlanReader.read(JSON.readTree("{\"goal\": \"x\"}"), 1, Risk.LOW);
    PlanReader.Parsed stepsNotArray = PlanReader.read(JSON.readTree("{\"steps\": \"S1, S2\"}"), 1, Risk.LOW);

    assertThat(parsed.problems()).containsExactly("step 1 has no \"id\"", "step S2 has no \"description\"",
        "step 3 is not an object");
    assertThat(noSteps.problems()).containsExactly("the plan has no \"steps\" array");
    assertThat(stepsNotArray.problems()).containsExactly("\"steps\" must be an array of step objects");
  }

  @Test
  void aRunawayReplyIsBounded() throws Exception {
    StringBuilder many = new StringBuilder("{\"steps\": [");
    for (int i = 0; i <= PlanReader.MAX_STEPS; i++) {
      many.append(i == 0 ? "" : ",").append("{\"id\": \"S").append(i).append("\", \"description\": \"d\"}");
    }
    JsonNode longText = JSON.readTree("{\"steps\": [{\"id\": \"S1\", \"description\": \"" + "y".repeat(10_000)
        + "\", \"files_to_read\": [" + "\"a\",".repeat(500) + "\"a\"]}]}");

    assertThat(PlanReader.read(JSON.readTree(many.append("]}").toString()), 1, Risk.LOW).problems())
        .containsExactly("the plan has " + (PlanReader.MAX_STEPS + 1) + " steps, more than the " + PlanReader.MAX_STEPS
            + " a plan may have; merge steps");
    PlanStep step = PlanReader.read(longText, 1, Risk.LOW).plan().getSteps().getFirst();
    assertThat(step.getDescription()).hasSize(JsonFields.MAX_TEXT_CHARS + " [cut]".length()).endsWith("[cut]");
    assertThat(step.getFilesToRead()).hasSize(JsonFields.MAX_LIST_ITEMS);
  }
}
