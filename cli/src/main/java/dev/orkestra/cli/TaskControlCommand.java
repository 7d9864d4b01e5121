package dev.orkestra.cli;

import dev.orkestra.cli.task.TaskEvents;
import dev.orkestra.cli.task.TaskSignal;
import dev.orkestra.events.task.Budget;
import dev.orkestra.events.task.ControlAction;
import dev.orkestra.events.task.ControlCommand;
import dev.orkestra.events.task.TaskStateChanged;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.runtime.KafkaConnection;
import dev.orkestra.topics.Topics;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code orkestra pause|resume|stop TASK}: a {@code ControlCommand} on {@code orkestra.control}, and the
 * coordinator's answer. Whether the action fits the task's state is the coordinator's call (its
 * reason is printed); only an unknown or finished task is refused here. Exit codes as
 * {@link TaskSignals}: 0 applied, 2 refused here, 3 rejected by the coordinator, 4 no answer, 1 error.
 */
abstract sealed class TaskControlCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  RunningSystemOptions system = new RunningSystemOptions();

  @Parameters(index = "0", paramLabel = "TASK", description = "The task id.")
  String taskId;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (kept in the task's events).")
  String reason;

  @Option(names = "--by", paramLabel = "NAME", description = "Who (default: $USER).")
  String by;

  abstract ControlAction action();

  /** The limits a resume raises; null for the other actions. */
  Budget raisedLimits() {
    return null;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String command = action().name().toLowerCase(Locale.ROOT);
    KafkaConnection kafka = system.kafka();
    Optional<TaskStateChanged> latest = TaskEvents.latestTransition(kafka, taskId, system.timeout);
    if (latest.isEmpty()) {
      return TaskSignals.refuse(command, "no task " + taskId + " on " + Topics.TASK_EVENTS.name(), err);
    }
    if (TaskEvents.FINISHED.contains(latest.get().getToState())) {
      return TaskSignals.refuse(command, "task " + taskId + " is " + latest.get().getToState() + ": it has finished", err);
    }
    String person = TaskSignals.person(by);
    ControlCommand record = ControlCommand.newBuilder()
        .setEnvelope(Envelopes.start(taskId, "cli@" + person))
        .setTaskId(taskId)
        .setAction(action())
        .setReason(reason)
        .setIssuedBy(person)
        .setBudget(raisedLimits())
        .build();
    return TaskSignals.report(command, action() + " for " + taskId,
        TaskSignal.send(kafka, Topics.CONTROL, taskId, record, system.timeout), out, err);
  }

  @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a task: results are held until resume.")
  static final class Pause extends TaskControlCommand {
    @Override
    ControlAction action() {
      return ControlAction.PAUSE;
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused task.")
  static final class Resume extends TaskControlCommand {

    @Option(names = "--max-cost", paramLabel = "USD",
        description = "The task's new cost budget in US dollars (a task paused over its budget goes on only with one"
            + " that covers what it has spent and holds).")
    Double maxCost;

    @Override
    ControlAction action() {
      return ControlAction.RESUME;
    }

    @Override
    Budget raisedLimits() {
      if (maxCost == null) {
        return null;
      }
      if (!(maxCost > 0) || maxCost.isInfinite()) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "--max-cost must be a positive number of US dollars, was " + maxCost);
      }
      return Budget.newBuilder().setMaxCostUsd(maxCost).build();
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop a task for good (it ends STOPPED).")
  static final class Stop extends TaskControlCommand {
    @Override
    ControlAction action() {
      return ControlAction.STOP;
    }
  }
}
