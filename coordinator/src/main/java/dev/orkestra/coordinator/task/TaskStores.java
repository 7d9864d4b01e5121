package dev.orkestra.coordinator.task;

import dev.orkestra.coordinator.streams.DeadlineIndex;
import dev.orkestra.coordinator.task.state.TaskProgressState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The task processor's stores, kept in step: {@code task-progress} (each task's stored progress,
 * changelog-backed) and {@code task-deadlines}, the {@link DeadlineIndex} of when each task whose time
 * runs (it is working, not paused, waiting or finished) is over its limit. The index is derived data:
 * in memory, rebuilt from {@code task-progress} whenever the task starts ({@link #rebuildIndex}).
 */
final class TaskStores {

  private static final Set<String> TIMED_STATES = TaskStateMachine.ACTIVE.stream().map(Enum::name)
      .collect(Collectors.toUnmodifiableSet());

  private final KeyValueStore<String, TaskProgressState> progress;
  private final DeadlineIndex deadlines;

  TaskStores(KeyValueStore<String, TaskProgressState> progress, KeyValueStore<String, String> deadlines) {
    this.progress = progress;
    this.deadlines = new DeadlineIndex(deadlines);
  }

  TaskProgressState stored(String taskId) {
    return taskId == null ? null : progress.get(taskId);
  }

  /** Stores {@code next} in place of {@code previous} (null: none), moving the task's index entry. */
  void put(String taskId, TaskProgressState previous, TaskProgressState next) {
    boolean moved = !timed(previous) || !timed(next) || previous.getDeadline() != next.getDeadline();
    if (timed(previous) && moved) {
      deadlines.remove(DeadlineIndex.Kind.STAGE, taskId, previous.getDeadline());
    }
    if (timed(next) && moved) {
      deadlines.add(DeadlineIndex.Kind.STAGE, taskId, next.getDeadline());
    }
    progress.put(taskId, next);
  }

  /** At most {@code max} tasks over their limit by {@code now}, earliest first. */
  List<DeadlineIndex.Due> due(long now, int max) {
    return deadlines.due(now, max);
  }

  /** Drops an index entry that needs nothing more: the task moved on since, or cannot be read. */
  void forget(DeadlineIndex.Due due) {
    deadlines.remove(due.kind(), due.id(), due.at());
  }

  /** Indexes every stored task whose time runs; the index must be empty (a task starting). Returns how many. */
  int rebuildIndex() {
    List<KeyValue<String, TaskProgressState>> timed = new ArrayList<>();
    try (KeyValueIterator<String, TaskProgressState> all = progress.all()) {
      all.forEachRemaining(entry -> {
        if (timed(entry.value)) {
          timed.add(entry);
        }
      });
    }
    timed.forEach(entry -> deadlines.add(DeadlineIndex.Kind.STAGE, entry.key, entry.value.getDeadline()));
    return timed.size();
  }

  /** Whether the task's time runs, so the clock must look at it when its deadline comes. */
  static boolean timed(TaskProgressState state) {
    return state != null && state.getDeadline() != Long.MAX_VALUE && TIMED_STATES.contains(state.getState());
  }
}
