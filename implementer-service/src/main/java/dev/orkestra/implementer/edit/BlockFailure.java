package dev.orkestra.implementer.edit;

import java.util.Optional;

/**
 * An edit block that could not be applied, and what the model needs to fix it.
 *
 * @param nearest for a SEARCH that matched nowhere: the file's closest lines, if any are close
 * @param replaceAlreadyPresent the REPLACE lines are in the file already (the edit may have been made)
 */
public record BlockFailure(EditBlock block, String reason, Optional<NearestLines.Snippet> nearest,
    boolean replaceAlreadyPresent) {

  static BlockFailure of(EditBlock block, String reason) {
    return new BlockFailure(block, reason, Optional.empty(), false);
  }
}
