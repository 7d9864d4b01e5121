package dev.orkestra.cli.task;

import java.util.List;

/** A tasks file that cannot be submitted: every problem found, each naming file, line and field. */
public final class TaskFileException extends RuntimeException {

  private final List<String> problems;

  public TaskFileException(List<String> problems) {
    super(problems.size() == 1 ? problems.getFirst()
        : problems.size() + " problems, nothing submitted:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
