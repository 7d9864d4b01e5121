package dev.orkestra.runtime.workspace;

/**
 * A task branch was not where the publisher expected it: another step (or a person) moved it in
 * the meantime. Nothing was overwritten; the caller rebuilds its change on {@link #actualHead()}.
 */
public final class BranchMovedException extends Exception {

  private final String branch;
  private final String expectedHead;
  private final String actualHead;

  BranchMovedException(String branch, String expectedHead, String actualHead) {
    super("branch " + branch + " is at " + (actualHead == null ? "nothing (it does not exist)" : actualHead)
        + ", not at " + (expectedHead == null ? "nothing (a new branch)" : expectedHead) + " as expected");
    this.branch = branch;
    this.expectedHead = expectedHead;
    this.actualHead = actualHead;
  }

  public String branch() {
    return branch;
  }

  /** Null when the publisher expected to create the branch. */
  public String expectedHead() {
    return expectedHead;
  }

  /** Null when the branch does not exist. */
  public String actualHead() {
    return actualHead;
  }
}
