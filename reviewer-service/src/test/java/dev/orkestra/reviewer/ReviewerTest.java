package dev.orkestra.reviewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.task.ReviewCompleted;
import dev.orkestra.events.task.ReviewRequested;
import dev.orkestra.events.task.Verdict;
import dev.orkestra.planner.context.ContextBounds;
import dev.orkestra.planner.context.RepositoryReading;
import dev.orkestra.reviewer.diff.CommitDiff;
import dev.orkestra.runtime.InvalidRequestException;
import dev.orkestra.runtime.PermanentFailureException;
import dev.orkestra.runtime.RoleModelChoice;
import dev.orkestra.runtime.RoleRequest;
import dev.orkestra.runtime.source.SourceLimits;
import dev.orkestra.runtime.source.SourcePolicy;
import dev.orkestra.runtime.source.SourceReader;
import dev.orkestra.runtime.source.SourceReaders;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reviewer with a scripted model registry: plan reviews, the repair round, the family rule. */
class ReviewerTest {

  private static final ModelRef GEMINI = ModelRef.newBuilder().setModelId("gemini-scripted").setFamily("gemini").build();

  @TempDir
  Path temp;

  private Reviewer reviewer;

  @BeforeEach
  void setUp() throws Exception {
    Files.writeString(temp.resolve("script.yaml"), """
        - role: reviewer
          match: "'maybe' is not one of"
          response: '{"status": "approved", "review": {"completeness": 8}}'
        - role: reviewer
          match: Make search return the query
          response: '{"status": "maybe"}'
        """);
    Files.writeString(temp.resolve("models.yaml"), """
        models:
          - id: gemini-scripted
            provider: scripted
            model: s
            family: Gemini
            script: script.yaml
            inputPricePerMillion: 0
            outputPricePerMillion: 0
        """);
    SourceReader reader = SourceReaders.create(temp.resolve("state"), SourceLimits.DEFAULT,
        SourcePolicy.localRoots(temp), name -> null);
    reviewer = new Reviewer(RoleModelChoice.load(Reviewer.ROLE, temp.resolve("models.yaml"), null, name -> null),
        new RepositoryReading(reader, ContextBounds.DEFAULT), new CommitDiff(reader, CommitDiff.Bounds.DEFAULT));
  }

  @Test
  void anUnknownStatusIsRepairedOnceWithTheProblemShownAndThePlanVersionIsReported() throws Exception {
    ReviewRequested request = ReviewerFixtures.planReview(temp, GEMINI);

    ReviewCompleted review = reviewer.review(RoleRequest.direct(request, "reviewer@test"));

    assertThat(review.getVerdict()).isEqualTo(Verdict.APPROVED);
    assertThat(review.getScores().getCompleteness()).isEqualTo(8);
    assertThat(review.getPlanVersion()).isEqualTo(1);
    assertThat(review.getStepId()).isNull();
    assertThat(review.getReviewer().getModelId()).isEqualTo("gemini-scripted");
    assertThat(review.getUsage()).hasSize(2);
  }

  @Test
  void aReviewerOfTheAuthorsFamilyIsRefusedNamingBothBeforeAnyCall() {
    ReviewRequested sameAsRequested = ReviewRequested.newBuilder(ReviewerFixtures.planReview(temp, GEMINI))
        .setAuthor(ModelRef.newBuilder().setModelId("gemini-flash").setFamily("gemini").build()).build();
    // The request says "claude" for the reviewer, but the registry's model is of the author's family.
    ReviewRequested mislabelled = ReviewRequested.newBuilder(ReviewerFixtures.planReview(temp,
        ModelRef.newBuilder().setModelId("gemini-scripted").setFamily("claude").build()))
        .setAuthor(ModelRef.newBuilder().setModelId("gemini-pro").setFamily("gemini").build()).build();

    assertThatThrownBy(() -> reviewer.review(RoleRequest.direct(sameAsRequested, "reviewer@test")))
        .isInstanceOfSatisfying(PermanentFailureException.class, e -> assertThat(e.code()).isEqualTo("same_family"))
        .hasMessage("reviewer 'gemini-scripted' (family Gemini) is of the family of the author 'gemini-flash' "
            + "(family gemini): a review needs a model of another family");
    assertThatThrownBy(() -> reviewer.review(RoleRequest.direct(mislabelled, "reviewer@test")))
        .isInstanceOf(PermanentFailureException.class).hasMessageContaining("author 'gemini-pro'");
  }

  @Test
  void aCodeReviewWithoutItsChangeIsAnInvalidRequestNamingTheField() {
    ReviewRequested request = ReviewRequested.newBuilder(ReviewerFixtures.codeReview(temp, GEMINI, "a", "b"))
        .setChange(null).build();

    assertThatThrownBy(() -> reviewer.review(RoleRequest.direct(request, "reviewer@test")))
        .isInstanceOf(InvalidRequestException.class).hasMessage("invalid change: is required for a code review");
  }
}
