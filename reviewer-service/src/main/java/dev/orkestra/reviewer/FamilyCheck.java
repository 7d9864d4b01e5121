package dev.orkestra.reviewer;

import dev.orkestra.events.common.ModelRef;
import dev.orkestra.models.ModelSpec;
import dev.orkestra.runtime.InvalidRequestException;
import dev.orkestra.runtime.PermanentFailureException;

/**
 * Seed 002's rule that a reviewer is of another family than the author. The coordinator's routing
 * enforces it; this is defence in depth, because anyone who can write the reviewer's request topic
 * could ask a model to approve its own work. The reviewer's family is taken both from the request
 * and from this service's registry (the model actually called), compared without case.
 */
final class FamilyCheck {

  private FamilyCheck() {}

  static void differ(ModelSpec reviewer, ModelRef requested, ModelRef author)
      throws InvalidRequestException, PermanentFailureException {
    if (author == null || author.getFamily() == null || author.getFamily().isBlank()) {
      throw new InvalidRequestException("author", "names no model family; the reviewer must be of another one");
    }
    String family = author.getFamily().strip();
    for (String reviewerFamily : new String[] {reviewer.family(), requested.getFamily()}) {
      if (reviewerFamily != null && reviewerFamily.strip().equalsIgnoreCase(family)) {
        throw new PermanentFailureException("same_family", "reviewer '" + reviewer.id() + "' (family "
            + reviewerFamily.strip() + ") is of the family of the author '" + author.getModelId() + "' (family "
            + family + "): a review needs a model of another family");
      }
    }
  }
}
