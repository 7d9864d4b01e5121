package dev.orkestra.cli;

import dev.orkestra.cli.task.PlanFile;
import dev.orkestra.cli.task.TaskEvents;
import dev.orkestra.cli.task.TaskFileException;
import dev.orkestra.cli.task.TaskSignal;
import dev.orkestra.events.task.DecisionKind;
import dev.orkestra.events.task.HumanDecision;
import dev.orkestra.events.task.Plan;
import dev.orkestra.events.task.TaskState;
import dev.orkestra.events.task.TaskStateChanged;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.runtime.KafkaConnection;
import dev.orkestra.topics.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code orkestra review}: the tasks that wait for a person, with seed 002's options; with
 * {@code TASK} and a decision, sends it as a {@code HumanDecision} and reports the coordinator's answer.
 *
 * <p>Exit codes: listing 0 (also when nothing waits); deciding 0 applied, 2 refused here (unknown
 * task, not waiting, not among the options, invalid plan file, no decision given), 3 rejected by
 * the coordinator, 4 no answer within {@code --timeout}; 1 any other error.
 */
@Command(name = "review", mixinStandardHelpOptions = true,
    description = "Show the tasks waiting for a person, or decide about one: --approve, --retry FEEDBACK, --skip, "
        + "--abort or --edit PLAN.")
final class ReviewCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  RunningSystemOptions system = new RunningSystemOptions();

  @Parameters(index = "0", arity = "0..1", paramLabel = "TASK", description = "The task to decide about.")
  String taskId;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Decision decision;

  @Option(names = "--comment", paramLabel = "TEXT", description = "Why (sent with --approve, --skip, --abort, --edit).")
  String comment;

  @Option(names = "--by", paramLabel = "NAME", description = "Who decides (default: $USER).")
  String by;

  static final class Decision {
    @Option(names = "--approve", required = true, description = "Approve the current plan or implementation.")
    boolean approve;

    @Option(names = "--retry", required = true, paramLabel = "FEEDBACK", description = "Retry, with this feedback.")
    String retry;

    @Option(names = "--skip", required = true, description = "Skip the step the task stopped on.")
    boolean skip;

    @Option(names = "--abort", required = true, description = "Abort the task (it ends FAILED).")
    boolean abort;

    @Option(names = "--edit", required = true, paramLabel = "PLAN", description = "Go on with this plan (JSON or YAML).")
    Path edit;

    DecisionKind kind() {
      if (approve) {
        return DecisionKind.APPROVE;
      }
      if (retry != null) {
        return DecisionKind.RETRY;
      }
      if (skip) {
        return DecisionKind.SKIP_STEP;
      }
      return abort ? DecisionKind.REJECT : DecisionKind.EDIT;
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    KafkaConnection kafka = system.kafka();
    if (taskId == null) {
      if (decision != null) {
        return TaskSignals.refuse("review", "a decision needs the TASK it is about", err);
      }
      list(TaskEvents.latestTransitions(kafka, system.timeout), out);
      return 0;
    }
    Optional<TaskStateChanged> latest = TaskEvents.latestTransition(kafka, taskId, system.timeout);
    if (latest.isEmpty()) {
      return TaskSignals.refuse("review", "no task " + taskId + " on " + Topics.TASK_EVENTS.name(), err);
    }
    TaskStateChanged task = latest.get();
    if (decision == null) {
      if (task.getToState() == TaskState.AWAITING_HUMAN_REVIEW) {
        print(task, out);
        out.flush();
        return 0;
      }
      return TaskSignals.refuse("review", "task " + taskId + " is " + task.getToState() + ": nothing to decide", err);
    }
    if (task.getToState() != TaskState.AWAITING_HUMAN_REVIEW) {
      return TaskSignals.refuse("review", "task " + taskId + " is " + task.getToState()
          + ", not waiting for a person: nothing to decide", err);
    }
    DecisionKind kind = decision.kind();
    if (!task.getOptions().contains(kind)) {
      return TaskSignals.refuse("review", flag(kind) + " is not an option for task " + taskId + " now; its options are "
          + String.join(", ", task.getOptions().stream().map(ReviewCommand::flag).toList()), err);
    }
    Plan edited;
    try {
      edited = kind == DecisionKind.EDIT ? PlanFile.read(decision.edit) : null;
    } catch (TaskFileException e) {
      return TaskSignals.refuse("review", e.getMessage(), err);
    }
    String person = TaskSignals.person(by);
    HumanDecision record = HumanDecision.newBuilder()
        .setEnvelope(Envelopes.start(taskId, "cli@" + person))
        .setTaskId(taskId)
        .setStepId(task.getStepId())
        .setDecision(kind)
        .setComment(kind == DecisionKind.RETRY ? decision.retry : comment)
        .setEditedPlan(edited)
        .setDecidedBy(person)
        .build();
    return TaskSignals.report("review", kind + " for " + taskId + where(task),
        TaskSignal.send(kafka, Topics.HUMAN_DECISIONS, taskId, record, system.timeout), out, err);
  }

  private static void list(Map<String, TaskStateChanged> tasks, PrintWriter out) {
    List<TaskStateChanged> waiting = tasks.values().stream()
        .filter(t -> t.getToState() == TaskState.AWAITING_HUMAN_REVIEW).toList();
    if (waiting.isEmpty()) {
      out.println("nothing awaits human review");
    } else {
      out.println("AWAITING HUMAN REVIEW:");
      waiting.forEach(task -> print(task, out));
    }
    out.flush();
  }

  /** Seed 002's block: the task and step, the issue (the coordinator's reason up to its own options), numbered options. */
  private static void print(TaskStateChanged task, PrintWriter out) {
    String reason = task.getReason();
    int cut = reason.indexOf(". Options: ");
    String issue = cut < 0 ? reason : reason.substring(0, cut);
    String stepPrefix = "step " + task.getStepId() + ": ";
    if (task.getStepId() != null && issue.startsWith(stepPrefix)) {
      issue = issue.substring(stepPrefix.length());
    }
    out.println("- " + task.getTaskId() + (task.getStepId() == null ? "" : " (" + task.getStepId() + ")") + ": " + issue);
    out.println("  Since: " + task.getEnvelope().getOccurredAt() + ", steps " + task.getStepsCompleted() + "/"
        + task.getStepsTotal() + ", cost $" + String.format(java.util.Locale.ROOT, "%.4f", task.getCumulativeCostUsd()));
    out.println("  Options:");
    int n = 1;
    for (DecisionKind option : task.getOptions()) {
      out.printf("    %d. %-40s orkestra review %s %s%n", n++, words(option, task), task.getTaskId(), flag(option));
    }
  }

  private static String words(DecisionKind option, TaskStateChanged task) {
    return switch (option) {
      case APPROVE -> task.getStepId() == null ? "Approve the current plan" : "Approve current implementation";
      case RETRY -> "Provide feedback and retry";
      case SKIP_STEP -> "Skip this step";
      case EDIT -> "Edit the plan and go on";
      case REJECT -> "Abort task";
      case UNKNOWN -> "(an option this version does not know)";
    };
  }

  static String flag(DecisionKind kind) {
    return switch (kind) {
      case APPROVE -> "--approve";
      case RETRY -> "--retry \"FEEDBACK\"";
      case SKIP_STEP -> "--skip";
      case EDIT -> "--edit PLAN.yaml";
      case REJECT -> "--abort";
      case UNKNOWN -> "(unknown)";
    };
  }

  private static String where(TaskStateChanged task) {
    return task.getStepId() == null ? "" : " (" + task.getStepId() + ")";
  }
}
