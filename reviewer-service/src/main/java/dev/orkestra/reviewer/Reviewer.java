package dev.orkestra.reviewer;

import dev.langchain4j.data.message.ChatMessage;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.task.CodeChange;
import dev.orkestra.events.task.ReviewCompleted;
import dev.orkestra.events.task.ReviewRequested;
import dev.orkestra.events.task.ReviewSubject;
import dev.orkestra.models.ModelSpec;
import dev.orkestra.planner.context.RepositoryReading;
import dev.orkestra.planner.reply.RepairRound;
import dev.orkestra.planner.reply.RequestCache;
import dev.orkestra.planner.reply.RequestedModel;
import dev.orkestra.reviewer.diff.CommitDiff;
import dev.orkestra.reviewer.review.Review;
import dev.orkestra.reviewer.review.ReviewReader;
import dev.orkestra.runtime.InvalidRequestException;
import dev.orkestra.runtime.PermanentFailureException;
import dev.orkestra.runtime.RoleModelChoice;
import dev.orkestra.runtime.RoleRequest;
import java.util.List;
import java.util.Locale;

/**
 * Reviews a plan or a step's commit with the model the request names, after checking that it is
 * not of the author's family. A reply that is not a review gets one repair round; a second one
 * that is not either is a permanent failure naming the problems (the coordinator escalates: a
 * review the reviewer could not give is for a person, not a verdict to invent).
 */
final class Reviewer {

  static final String ROLE = "reviewer";

  private final RoleModelChoice models;
  private final RepositoryReading repository;
  private final CommitDiff diffs;
  private final RequestCache<List<ChatMessage>> codePrompts = new RequestCache<>();

  Reviewer(RoleModelChoice models, RepositoryReading repository, CommitDiff diffs) {
    this.models = models;
    this.repository = repository;
    this.diffs = diffs;
  }

  ReviewCompleted review(RoleRequest<ReviewRequested> request) throws Exception {
    ReviewRequested review = request.value();
    ModelSpec model = RequestedModel.of(models, review.getReviewer(), "reviewer");
    FamilyCheck.differ(model, review.getReviewer(), review.getAuthor());
    if (review.getPlan() == null && review.getSubject() == ReviewSubject.PLAN) {
      throw new InvalidRequestException("plan", "is required for a plan review");
    }
    int planVersion = review.getPlan() == null ? 0 : review.getPlan().getPlanVersion();
    List<ChatMessage> prompt = review.getSubject() == ReviewSubject.PLAN ? ReviewPrompt.plan(review)
        : codePrompts.get(review.getEnvelope().getEventId(), () -> codePrompt(review));

    RepairRound.Outcome<Review> outcome = RepairRound.call(request.models(models.registry().orElseThrow()),
        model.id(), ROLE, prompt, new ReviewReader(planVersion + 1, review.getTask().getRisk()));
    if (!outcome.read().usable()) {
      throw new PermanentFailureException("review_invalid", "reviewer model '" + model.id() + "' gave no usable "
          + review.getSubject().name().toLowerCase(Locale.ROOT) + " review for " + review.getTaskId() + " after "
          + outcome.calls() + " calls (one repair round): " + String.join("; ", outcome.read().problems()));
    }
    Review said = outcome.read().value();
    boolean code = review.getSubject() == ReviewSubject.CODE;
    return ReviewCompleted.newBuilder()
        .setEnvelope(request.replyEnvelope())
        .setTaskId(review.getTaskId())
        .setSubject(review.getSubject())
        .setStepId(code ? review.getStep().getId() : null)
        .setPlanVersion(code ? null : planVersion)
        .setCommitSha(code ? review.getChange().getCommitSha() : null)
        .setVerdict(said.verdict())
        .setScores(said.scores())
        .setBlockers(said.blockers())
        .setRequiredChanges(said.requiredChanges())
        .setOptionalImprovements(said.optionalImprovements())
        .setMissingSteps(said.missingSteps())
        .setConcerns(said.concerns())
        .setSecurityIssues(said.securityIssues())
        .setPerformanceConcerns(said.performanceConcerns())
        .setSummary(said.summary())
        .setRevisedPlan(code ? null : said.revisedPlan())
        .setReviewer(RequestedModel.ref(model))
        .setAttempt(review.getAttempt())
        .setUsage(request.usage())
        .build();
  }

  private List<ChatMessage> codePrompt(ReviewRequested review) throws Exception {
    if (review.getStep() == null) {
      throw new InvalidRequestException("step", "is required for a code review");
    }
    CodeChange change = review.getChange();
    if (change == null) {
      throw new InvalidRequestException("change", "is required for a code review");
    }
    RepoRef repo = RepoRef.newBuilder(review.getTask().getRepo()).setCommitSha(change.getCommitSha()).build();
    String diff = diffs.between(repo, change.getBaseSha(), change.getCommitSha());
    String policies = repository.policyFiles(repository.at(repo, "change.commitSha"));
    return ReviewPrompt.code(review, diff, policies);
  }
}
