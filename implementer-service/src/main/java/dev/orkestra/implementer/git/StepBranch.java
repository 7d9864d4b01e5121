package dev.orkestra.implementer.git;

import java.io.IOException;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Where a task branch stands for one implementation request. The coordinator sends the head it
 * knows (the base, or the last completed step's commit); above it the branch may hold earlier
 * attempts of the same step (a review or the gate sent it back), each a commit whose trailers name
 * this task and step. The new attempt builds on the latest of them, so the model changes its own
 * previous work as the feedback asks, and the change it reports still starts at the coordinator's
 * head; it is published as one commit on that head that replaces them (one commit per step). A commit of this very request (a redelivery after the first delivery published) is the
 * answer itself. Anything else above the head — another step's commit, a person's — means the branch
 * moved, and nothing is built on it.
 *
 * @param buildOn the commit to check out and edit
 * @param expectedHead the branch's head now (null: it does not exist), for the compare-and-set publish
 * @param done this request's commit, when a delivery already made and published it
 */
public record StepBranch(String buildOn, String expectedHead, Optional<String> done) {

  /** Attempts are few (seed 002: 3, a person's RETRY adds a round); a longer chain is not a step's. */
  static final int MAX_CHAIN = 50;

  /** The branch moved under the step: the head holds work that is not this step's. */
  public static final class MovedException extends Exception {
    MovedException(String message) {
      super(message);
    }
  }

  /**
   * @param repository a repository holding the branch's commits (a work tree of the task's repository)
   * @param head the branch's head, null when the branch does not exist
   * @param base the head the request asked to build on
   */
  public static StepBranch read(Repository repository, String branch, String head, String base, StepCommit self)
      throws IOException, MovedException {
    if (head == null || head.equals(base)) {
      return new StepBranch(base, head, Optional.empty());
    }
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit commit = walk.parseCommit(ObjectId.fromString(head));
      RevCommit done = null;
      for (int depth = 0; depth < MAX_CHAIN; depth++) {
        Optional<StepCommit> trailers = StepCommit.of(commit);
        if (trailers.isEmpty() || !trailers.get().sameStep(self) || commit.getParentCount() != 1) {
          throw moved(branch, head, base, self, commit, trailers);
        }
        if (trailers.get().requestId().equals(self.requestId()) && done == null) {
          done = commit;
        }
        RevCommit parent = walk.parseCommit(commit.getParent(0));
        if (parent.name().equals(base)) {
          if (done != null) {
            // A redelivery: answer with the commit already made; replay its work on its parent.
            return new StepBranch(done.getParent(0).name(), head, Optional.of(done.name()));
          }
          return new StepBranch(head, head, Optional.empty());
        }
        commit = parent;
      }
      throw new MovedException("task branch " + branch + " is at " + head + ", more than " + MAX_CHAIN
          + " commits of step " + self.stepId() + " above " + base + ", the head it was asked to build on");
    }
  }

  private static MovedException moved(String branch, String head, String base, StepCommit self, RevCommit commit,
      Optional<StepCommit> trailers) {
    String what = trailers.map(t -> "a commit of task " + t.taskId() + " step " + t.stepId() + " attempt "
        + t.attempt()).orElse("a commit not made by the implementer");
    return new MovedException("task branch " + branch + " is at " + head + ", which does not build on " + base
        + " (the head step " + self.stepId() + " was asked to build on) through earlier attempts of that step alone: "
        + commit.name() + " is " + what + (commit.getParentCount() > 1 ? " (a merge)" : "")
        + "; nothing was built or pushed");
  }
}
