package dev.orkestra.implementer.backend;

import java.util.Set;

/**
 * What a backend did to the work tree.
 *
 * @param explanation what was changed and why, in the model's words (bounded)
 * @param confidence the model's own 0.0-1.0, null when it stated none
 * @param edited repository-relative paths the backend wrote
 */
public record Implementation(String explanation, Double confidence, Set<String> edited) {

  public Implementation {
    edited = Set.copyOf(edited);
  }
}
