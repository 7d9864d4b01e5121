package dev.orkestra.implementer.backend;

/**
 * What edits the work tree for a step. The handler around it owns the git side — the clean work
 * tree at the right commit, the commit, the compare-and-set publish, redelivery — so a backend only
 * changes files under {@link StepWork#workspace()} and says what it did. {@link ModelEditBackend}
 * (a model answering in aider's edit formats) is the one backend today; coding-agent CLIs working
 * in the same directory are the next (docs/task-roles.md).
 *
 * <p>A backend must be repeatable: a continued or redelivered request runs it again in a new work
 * tree at the same commit, and its paid calls go through {@link StepWork#request()} (the call
 * journal), so the second run gets the same answers for nothing and makes the same edits.
 */
public interface ImplementerBackend {

  /**
   * Edits the work tree for the step, all or nothing: when it throws, the handler commits nothing.
   *
   * @throws dev.orkestra.runtime.PermanentFailureException when the step cannot be done this way
   *     (edits that do not apply after the repair rounds)
   */
  Implementation implement(StepWork work) throws Exception;
}
