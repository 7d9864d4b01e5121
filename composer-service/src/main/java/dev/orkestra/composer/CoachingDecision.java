package dev.orkestra.composer;

import dev.orkestra.events.query.Coaching;
import dev.orkestra.events.query.CompositionRequested;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.synthesis.Coachings;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether and which coaching goes into {@code data.coaching}.
 *
 * <ul>
 *   <li>Only find/explain answers carry coaching (it is about the matches); and only when the request
 *       says {@code includeCoaching} — unrequested coaching is dropped, not shown.</li>
 *   <li>Requested but absent (no model, synthesis failed) or blank: the not-available coaching
 *       {@value Coachings#NOT_CONFIGURED}, so the user sees why instead of a silent gap.</li>
 *   <li>Given: labelled "suggestion"; {@code basedOn} keeps only ids of excerpts that are in the answer.
 *       A given not-available coaching keeps its text and cites nothing.</li>
 * </ul>
 */
public final class CoachingDecision {

  private CoachingDecision() {}

  public static Optional<Coaching> decide(CompositionRequested request, Set<String> verifiedCandidateIds) {
    QueryAction action = request.getAction();
    if (!request.getIncludeCoaching() || (action != QueryAction.FIND && action != QueryAction.EXPLAIN)) {
      return Optional.empty();
    }
    Coaching given = request.getCoaching();
    if (given == null || given.getText() == null || given.getText().isBlank()) {
      return Optional.of(Coachings.unavailable(Coachings.NOT_CONFIGURED));
    }
    if (Coachings.isUnavailable(given)) {
      return Optional.of(Coachings.unavailable(given.getText().strip()));
    }
    List<String> basedOn = given.getBasedOn().stream().filter(verifiedCandidateIds::contains).toList();
    return Optional.of(Coaching.newBuilder()
        .setLabel(Coachings.LABEL)
        .setText(given.getText())
        .setBasedOn(basedOn)
        .setModel(given.getModel())
        .build());
  }
}
