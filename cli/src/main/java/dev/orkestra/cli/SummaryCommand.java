package dev.orkestra.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orkestra.cli.task.SummaryMarkdown;
import dev.orkestra.cli.task.TaskRecords;
import dev.orkestra.cli.task.TaskSummary;
import dev.orkestra.topics.Topics;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code orkestra summary TASK [--format markdown|json]}: what the task came to, from its records
 * on the task topics (read committed, to their current ends). Exit codes: 0 printed (also for a
 * running task: the summary says so), 2 no event for the task, 1 any other error.
 */
@Command(name = "summary", mixinStandardHelpOptions = true,
    description = "Summarise a task: branch, commits, steps, tests, coverage, warnings, cost, time, decisions, findings.")
final class SummaryCommand implements Callable<Integer> {

  enum Format { MARKDOWN, JSON }

  @Spec
  CommandSpec spec;

  @Mixin
  RunningSystemOptions system = new RunningSystemOptions();

  @Parameters(index = "0", paramLabel = "TASK", description = "The task id.")
  String taskId;

  @Option(names = "--format", defaultValue = "markdown", paramLabel = "FORMAT",
      description = "markdown (default) or json.")
  Format format;

  @Override
  public Integer call() throws JsonProcessingException {
    TaskRecords records = TaskRecords.read(system.kafka(), taskId, system.timeout);
    if (records.events().isEmpty()) {
      return TaskSignals.refuse("summary", "no task " + taskId + " on " + Topics.TASK_EVENTS.name(),
          spec.commandLine().getErr());
    }
    TaskSummary summary = TaskSummary.of(records);
    PrintWriter out = spec.commandLine().getOut();
    out.print(format == Format.JSON
        ? new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(summary) + "\n"
        : SummaryMarkdown.render(summary));
    out.flush();
    return 0;
  }
}
