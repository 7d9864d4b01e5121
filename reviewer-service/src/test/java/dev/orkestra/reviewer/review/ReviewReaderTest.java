package dev.orkestra.reviewer.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.task.PlanStep;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.Verdict;
import dev.orkestra.planner.reply.ReplyReader;
import org.junit.jupiter.api.Test;

class ReviewReaderTest {

  private final ReviewReader reader = new ReviewReader(2, Risk.HIGH);

  @Test
  void seed002sPlanReviewInAFenceWithItsNestedReviewObject() {
    ReplyReader.Read<Review> read = reader.read("""
        Here is my review.
        ```json
        {"plan_id": "RAE-001-v1", "status": "needs_revision",
         "review": {"completeness": 9, "feasibility": "8/10", "risk_assessment": 8.5,
                    "missing_steps": ["Update __init__.py exports"],
                    "concerns": ["S2 is too large"],
                    "suggestions": ["Add a backward compatibility check"]},
         "revised_plan": {"steps": [{"id": "S1", "description": "Split S2"}]}}
        ```""");

    assertThat(read.usable()).isTrue();
    Review review = read.value();
    assertThat(review.verdict()).isEqualTo(Verdict.NEEDS_CHANGES);
    assertThat(review.scores().getCompleteness()).isEqualTo(9);
    assertThat(review.scores().getFeasibility()).isEqualTo(8);
    assertThat(review.scores().getRiskAssessment()).isEqualTo(9);
    assertThat(review.missingSteps()).containsExactly("Update __init__.py exports");
    assertThat(review.concerns()).containsExactly("S2 is too large");
    assertThat(review.optionalImprovements()).containsExactly("Add a backward compatibility check");
    assertThat(review.revisedPlan().getPlanVersion()).isEqualTo(2);
    assertThat(review.revisedPlan().getSteps()).extracting(PlanStep::getId).containsExactly("S1");
  }

  @Test
  void seed002sCodeReviewWithTopLevelFieldsAndOddScores() {
    Review review = reader.read("""
        {"step_id": "S2", "status": "Needs Changes", "correctness": 85, "codeQuality": 9,
         "test_coverage": "needs_improvement", "performance_concerns": [], "security_issues": ["SQL built by concatenation"],
         "required_changes": ["Add docstring to HybridSearchEngine", {"description": "Type hints on _fuse_results"}],
         "optional_improvements": ["lru_cache"], "blockers": [], "summary": "close"}
        """).value();

    assertThat(review.verdict()).isEqualTo(Verdict.NEEDS_CHANGES);
    assertThat(review.scores().getCorrectness()).as("85 is not a score out of 10: left out, not guessed").isNull();
    assertThat(review.scores().getCodeQuality()).isEqualTo(9);
    assertThat(review.scores().getTestCoverage()).isEqualTo("needs_improvement");
    assertThat(review.securityIssues()).containsExactly("SQL built by concatenation");
    assertThat(review.requiredChanges()).containsExactly("Add docstring to HybridSearchEngine",
        "Type hints on _fuse_results");
    assertThat(review.optionalImprovements()).containsExactly("lru_cache");
    assertThat(review.summary()).isEqualTo("close");
    assertThat(review.revisedPlan()).isNull();
  }

  @Test
  void statusWordsMapAndAVerdictIsNeverGuessed() {
    assertThat(reader.read("{\"status\": \"LGTM\"}").value().verdict()).isEqualTo(Verdict.APPROVED);
    assertThat(reader.read("{\"status\": \"rejected\", \"blockers\": \"needs a person\"}").value().blockers())
        .containsExactly("needs a person");
    assertThat(reader.read("{\"status\": \"maybe\"}").problems()).containsExactly(
        "\"status\" 'maybe' is not one of approved, rejected, needs_revision, needs_changes");
    assertThat(reader.read("{\"review\": {\"correctness\": 9}}").problems()).containsExactly(
        "the review has no \"status\" (one of approved, rejected, needs_revision, needs_changes)");
    assertThat(reader.read("Looks fine to me!").problems()).containsExactly("the reply holds no JSON object");
  }
}
