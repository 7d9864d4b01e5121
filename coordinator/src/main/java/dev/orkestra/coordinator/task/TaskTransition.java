package dev.orkestra.coordinator.task;

import dev.orkestra.events.task.TaskStateChanged;
import java.util.List;

/**
 * What the state machine made of one event: the task's progress afterwards, the records to
 * write, and — when the event was not valid where the task is — why it was rejected. A rejected
 * event changes nothing and writes nothing; the processor logs the rejection (or dead-letters the
 * record) and goes on, so no event can stop the stream.
 *
 * @param progress  the task afterwards; for a rejection, the progress as it was (null: no such task)
 * @param rejection null when the event was taken
 */
public record TaskTransition(TaskProgress progress, List<TaskCommand> commands, String rejection) {

  public TaskTransition {
    commands = List.copyOf(commands);
  }

  static TaskTransition rejected(TaskProgress unchanged, String why) {
    return new TaskTransition(unchanged, List.of(), why);
  }

  public boolean rejected() {
    return rejection != null;
  }

  /** The state changes to publish on orkestra.task-events, in order. */
  public List<TaskStateChanged> stateChanges() {
    return values(TaskStateChanged.class);
  }

  /** The commands whose value is a {@code type}, in order. */
  public <T> List<T> values(Class<T> type) {
    return commands.stream().map(TaskCommand::value).filter(type::isInstance).map(type::cast).toList();
  }

  /** The reason of the last state change, or the rejection, or null when the event changed nothing. */
  public String reason() {
    if (rejected()) {
      return rejection;
    }
    List<TaskStateChanged> changes = stateChanges();
    return changes.isEmpty() ? null : changes.getLast().getReason();
  }
}
