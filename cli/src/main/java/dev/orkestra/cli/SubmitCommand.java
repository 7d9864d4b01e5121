package dev.orkestra.cli;

import dev.orkestra.cli.task.TaskFile;
import dev.orkestra.cli.task.TaskFileException;
import dev.orkestra.cli.task.TaskPublisher;
import dev.orkestra.events.task.TaskSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Submits coding tasks from a tasks file (seed 002's format; see docs/tasks.md, "Submitting").
 *
 * <p>Exit codes: 0 submitted (or, with {@code --check}, valid), 2 the file or a {@code --task} id
 * is invalid — nothing is submitted —, 1 any other error (the broker cannot be reached: nothing
 * submitted either, the tasks go out in one transaction).
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
    description = "Submit coding tasks from a tasks.yaml file: all of them, or those named with --task.")
final class SubmitCommand implements Callable<Integer> {

  static final int EXIT_INVALID = 2;

  @Spec
  CommandSpec spec;

  @Mixin
  RunningSystemOptions system = new RunningSystemOptions();

  @Parameters(index = "0", paramLabel = "FILE", description = "The tasks file, e.g. tasks.yaml.")
  Path file;

  @Option(names = "--task", paramLabel = "ID", description = "Submit only this task (repeatable).")
  List<String> only = new ArrayList<>();

  @Option(names = "--check", description = "Validate the file and print what would be submitted; submit nothing.")
  boolean check;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<TaskSpec> tasks;
    try {
      tasks = TaskBases.pinned(selected(TaskFile.read(file)),
          system.dataDir != null ? system.dataDir : DataDirs.defaultHome());
    } catch (TaskFileException | TaskBases.TaskBaseException e) {
      err.println("orkestra submit: " + e.getMessage());
      err.flush();
      return EXIT_INVALID;
    }
    if (!check) {
      TaskPublisher.publish(system.kafka(), tasks, System.getProperty("user.name", "user"), system.timeout);
    }
    for (TaskSpec task : tasks) {
      out.printf("%s %s (%s, %s) on %s at %s (%s)%n", check ? "valid" : "submitted", task.getTaskId(),
          task.getRisk().name().toLowerCase(java.util.Locale.ROOT), task.getArea(), task.getRepo().getRepo(),
          task.getRepo().getCommitSha().substring(0, 12), task.getRepo().getRef());
    }
    out.flush();
    return 0;
  }

  private List<TaskSpec> selected(List<TaskSpec> tasks) {
    if (only.isEmpty()) {
      return tasks;
    }
    Set<String> wanted = new LinkedHashSet<>(only);
    List<TaskSpec> chosen = tasks.stream().filter(t -> wanted.contains(t.getTaskId())).toList();
    chosen.forEach(t -> wanted.remove(t.getTaskId()));
    if (!wanted.isEmpty()) {
      throw new TaskFileException(List.of(file + ": --task " + String.join(", ", wanted) + ": no such task in the file"
          + " (it has " + tasks.stream().map(TaskSpec::getTaskId).toList() + ")"));
    }
    return chosen;
  }
}
