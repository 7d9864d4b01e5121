package dev.orkestra.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orkestra.cli.task.EventLine;
import dev.orkestra.cli.task.TaskEvents;
import dev.orkestra.cli.task.TopicReader;
import dev.orkestra.events.task.TaskState;
import dev.orkestra.events.task.TaskStateChanged;
import dev.orkestra.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code orkestra watch TASK}: the task's events from the beginning, then live, until it finishes.
 *
 * <p>Exit codes: 0 DONE, 3 FAILED, 4 STOPPED, 5 waits for a person (only with {@code --until-review}),
 * 2 no event for the task within {@code --timeout} (unknown id), 1 any other error.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
    description = "Follow a task's progress until it is DONE, FAILED or STOPPED.")
final class WatchCommand implements Callable<Integer> {

  static final int EXIT_UNKNOWN_TASK = 2;
  static final int EXIT_FAILED = 3;
  static final int EXIT_STOPPED = 4;
  static final int EXIT_AWAITING = 5;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec
  CommandSpec spec;

  @Mixin
  RunningSystemOptions system = new RunningSystemOptions();

  @Parameters(index = "0", paramLabel = "TASK", description = "The task id.")
  String taskId;

  @Option(names = "--json", description = "Print one JSON object per event instead of a line.")
  boolean json;

  @Option(names = "--until-review", description = "Also stop (exit 5) when the task waits for a person.")
  boolean untilReview;

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    long firstEventDeadline = System.nanoTime() + system.timeout.toNanos();
    boolean seen = false;
    try (TopicReader<TaskStateChanged> events = TopicReader.fromBeginning(system.kafka(), Topics.TASK_EVENTS,
        system.timeout)) {
      while (true) {
        for (ConsumerRecord<String, TaskStateChanged> record : events.poll(Duration.ofMillis(500))) {
          TaskStateChanged event = record.value();
          if (!taskId.equals(event.getTaskId())) {
            continue;
          }
          seen = true;
          out.println(json ? JSON.writeValueAsString(EventLine.json(event)) : EventLine.text(event));
          out.flush();
          Integer exit = TaskEvents.isNotice(event) ? null : exitFor(event.getToState());
          if (exit != null) {
            return exit;
          }
        }
        if (!seen && System.nanoTime() > firstEventDeadline) {
          spec.commandLine().getErr().println("orkestra watch: no events for task " + taskId + " on "
              + Topics.TASK_EVENTS.name() + " within " + system.timeout + ": is the id right, and was it submitted?");
          return EXIT_UNKNOWN_TASK;
        }
      }
    }
  }

  private Integer exitFor(TaskState state) {
    return switch (state) {
      case DONE -> 0;
      case FAILED -> EXIT_FAILED;
      case STOPPED -> EXIT_STOPPED;
      case AWAITING_HUMAN_REVIEW -> untilReview ? EXIT_AWAITING : null;
      default -> null;
    };
  }
}
