package dev.orkestra.reviewer.review;

import dev.orkestra.events.task.Plan;
import dev.orkestra.events.task.ReviewScores;
import dev.orkestra.events.task.Verdict;
import java.util.List;

/** What a reviewer model said, in the contract's terms: the parts of a {@code ReviewCompleted} a model writes. */
public record Review(Verdict verdict, ReviewScores scores, List<String> blockers, List<String> requiredChanges,
    List<String> optionalImprovements, List<String> missingSteps, List<String> concerns, List<String> securityIssues,
    List<String> performanceConcerns, String summary, Plan revisedPlan) {}
