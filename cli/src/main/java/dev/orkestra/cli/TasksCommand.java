package dev.orkestra.cli;

import dev.orkestra.cli.task.TaskEvents;
import dev.orkestra.events.task.TaskStateChanged;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code orkestra tasks}: every task's latest state from {@code orkestra.task-events}, one line each.
 * Exit codes: 0 listed (also when there are none), 1 the topic cannot be read.
 */
@Command(name = "tasks", mixinStandardHelpOptions = true,
    description = "List every submitted task with its latest state, steps, cost and reason.")
final class TasksCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  RunningSystemOptions system = new RunningSystemOptions();

  @Override
  public Integer call() {
    Map<String, TaskStateChanged> tasks = TaskEvents.latest(system.kafka(), system.timeout);
    PrintWriter out = spec.commandLine().getOut();
    if (tasks.isEmpty()) {
      out.println("no tasks");
    }
    for (TaskStateChanged task : tasks.values()) {
      out.printf(Locale.ROOT, "%-16s %-22s steps %d/%d  $%.4f  %s  %s%n", task.getTaskId(), task.getToState(),
          task.getStepsCompleted(), task.getStepsTotal(), task.getCumulativeCostUsd(),
          task.getEnvelope().getOccurredAt(), task.getReason());
    }
    out.flush();
    return 0;
  }
}
