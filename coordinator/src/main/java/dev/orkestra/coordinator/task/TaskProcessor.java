package dev.orkestra.coordinator.task;

import dev.orkestra.coordinator.streams.DeadlineIndex;
import dev.orkestra.coordinator.streams.Emit;
import dev.orkestra.coordinator.streams.InputDeadLetters;
import dev.orkestra.coordinator.streams.RecordSizeGuard;
import dev.orkestra.coordinator.task.state.TaskProgressState;
import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.task.TaskStateChanged;
import dev.orkestra.events.task.TaskSubmitted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thin: loads a task's progress, lets {@link TaskStateMachine} decide, stores the new progress and
 * forwards what the machine wants written (requests, and every {@code TaskStateChanged}). Every input
 * is keyed by taskId. A wall-clock punctuator gives the machine a {@link TaskEvent.Tick} for each task
 * whose time limit has come, found through the deadline index ({@link TaskStores}).
 *
 * <p>Nothing an input holds may stop the stream thread. An event the machine rejects (stale,
 * duplicate, not valid in the task's state, about no task) is logged and dead-lettered with the
 * machine's reason; a second submission for a task id that has a run is refused with a task event
 * ({@link SubmissionPolicy}); a step whose state or records would be over the record limit fails the
 * task with a task event naming the record and dead-letters the input; an input whose processing
 * throws (a stored state that cannot be read) is dead-lettered and the stored state left as it was,
 * so nothing is lost and the input can be replayed once the cause is fixed.
 */
final class TaskProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(TaskProcessor.class);

  /** Tasks over their limit handled per check: bounds one punctuation's transaction after an outage. */
  static final int MAX_DUE_PER_CHECK = 1_000;

  private final TaskStateMachine machine;
  private final TaskNotices notices;
  private final RecordSizeGuard guard;
  private final InputDeadLetters deadLetters;
  private final Duration clockInterval;
  private final Duration submissionMaxAge;
  private ProcessorContext<String, SpecificRecord> context;
  private TaskStores stores;
  private DailySpend spend;

  TaskProcessor(TaskStateMachine machine, TaskNotices notices, RecordSizeGuard guard, InputDeadLetters deadLetters,
      Duration clockInterval, Duration submissionMaxAge) {
    this.machine = machine;
    this.submissionMaxAge = submissionMaxAge;
    this.notices = notices;
    this.guard = guard;
    this.deadLetters = deadLetters;
    this.clockInterval = clockInterval;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.stores = new TaskStores(context.getStateStore(TaskCoordinator.TASK_PROGRESS_STORE),
        context.getStateStore(TaskCoordinator.TASK_DEADLINES_STORE));
    this.spend = new DailySpend(context.getStateStore(TaskCoordinator.TASK_SPEND_STORE));
    int indexed = stores.rebuildIndex();
    log.debug("task {}: {} running tasks indexed by time limit", context.taskId(), indexed);
    // Wall clock, not stream time: a task whose roles never answer produces no records to advance stream time.
    context.schedule(clockInterval, PunctuationType.WALL_CLOCK_TIME, this::checkTimeLimits);
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    SpecificRecord value = record.value();
    if (value == null) {
      return;
    }
    long now = context.currentSystemTimeMs();
    String taskId = record.key();
    Optional<TaskEvent> parsed = TaskEvent.of(value);
    if (parsed.isEmpty()) {
      reject(taskId, value, value.getSchema().getFullName() + " is not an event a task takes", now);
      return;
    }
    TaskEvent event = parsed.get();
    try {
      String misrouted = keyProblem(taskId, event);
      if (misrouted != null) {
        reject(taskId, value, event.describe() + " rejected: " + misrouted, now);
        return;
      }
      TaskProgressState stored = stores.stored(taskId);
      TaskProgress progress = stored == null ? null : TaskProgressStates.fromState(stored);
      if (event instanceof TaskEvent.RoleFailed && progress == null) {
        // orkestra.failures is shared with the query pipeline: a failure for no task is a query's.
        log.debug("task processor: failure for {} is not about a task", taskId);
        return;
      }
      if (event instanceof TaskEvent.Submitted submitted && progress == null) {
        Optional<String> stale = SubmissionPolicy.tooOld(submitted.event(), now, submissionMaxAge);
        if (stale.isPresent()) {
          reject(taskId, value, stale.get(), now);
          return;
        }
      }
      if (event instanceof TaskEvent.Submitted submitted && progress != null) {
        resubmitted(taskId, progress, submitted.event(), now);
        return;
      }
      Envelope result = event.envelope();
      // A scan of today's entries in memory: a result's check, and a resume's (still over the limit?).
      double spentToday = spend.on(DailySpend.day(now), result == null ? null : result.getEventId());
      List<Emit> paid = DailySpend.records(taskId, result, event.usage()).stream()
          .map(entry -> new Emit(entry.key, entry.value)).toList();
      apply(taskId, stored, progress, machine.on(progress, event, now, spentToday), value, paid, now);
    } catch (RuntimeException e) {
      // A bug or a stored state that cannot be read must cost this input, not the thread and every task after it.
      log.error("task {}: processing {} failed; the input is dead-lettered, the stored task left as it was", taskId,
          event.describe(), e);
      reject(taskId, value, "coordinator failed processing " + event.describe() + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()), now);
    }
  }

  /** For each task whose time limit has come: the machine decides with the clock (it waits for a person). */
  private void checkTimeLimits(long now) {
    for (DeadlineIndex.Due due : stores.due(now, MAX_DUE_PER_CHECK)) {
      TaskProgressState stored = stores.stored(due.id());
      if (!TaskStores.timed(stored) || stored.getDeadline() != due.at()) {
        stores.forget(due); // the task moved on since
        continue;
      }
      try {
        TaskProgress progress = TaskProgressStates.fromState(stored);
        apply(due.id(), stored, progress, machine.on(progress, new TaskEvent.Tick(), now), null, List.of(), now);
      } catch (RuntimeException e) {
        log.error("task {}: checking its time limit failed; the stored task is dead-lettered and left as it was",
            due.id(), e);
        stores.forget(due);
        forward(List.of(new Emit(due.id(), deadLetters.of(context, due.id(), null, TaskCoordinator.TASK_PROGRESS_STORE,
            stored, "coordinator failed checking the time limit: " + e))), now);
      }
    }
  }

  /** A second submission for a task id that has a run: refused with a task event, or ignored if it is the run's own. */
  private void resubmitted(String taskId, TaskProgress existing, TaskSubmitted again, long now) {
    SubmissionPolicy.Verdict verdict = SubmissionPolicy.judge(existing, again);
    if (verdict.republished()) {
      log.info("task {}: its submission was published again; ignored", taskId);
      return;
    }
    log.warn("task {}: {}", taskId, verdict.refusal());
    TaskStateChanged notice = notices.refused(existing, again.getEnvelope(), verdict.refusal(), now);
    forward(List.of(new Emit(taskId, notice)), now);
  }

  /**
   * Stores the transition's progress (when it changed) and forwards its records, unless one of them is
   * over the record limit; a rejection is dead-lettered, and any change it carries (the time limit
   * passed before the rejected event) still stands.
   *
   * @param input the record the machine was given, or null for the clock
   * @param paid  what the input's model calls cost, for the daily spend: written whatever the machine
   *     decided (the money is spent), unless nothing of the transition can be written
   */
  private void apply(String taskId, TaskProgressState stored, TaskProgress before, TaskTransition transition,
      SpecificRecord input, List<Emit> paid, long now) {
    TaskProgress after = transition.progress();
    TaskProgressState next = after != null && after != before ? TaskProgressStates.toState(after) : null;
    List<Emit> emits = new ArrayList<>(transition.commands().stream().map(c -> new Emit(c.key(), c.value())).toList());
    emits.addAll(paid);
    if (transition.rejected()) {
      log.warn("task {}: {}", taskId, transition.rejection());
      if (input != null) {
        emits.add(new Emit(taskId, deadLetters.of(context, taskId, input, null, null, transition.rejection())));
      }
    }
    Optional<RecordSizeGuard.Oversize> oversize = guard.check(TaskCoordinator.TASK_PROGRESS_STORE, next, emits);
    if (oversize.isPresent()) {
      tooLarge(taskId, stored, before, input, oversize.get().reason(), now);
      return;
    }
    if (next != null) {
      stores.put(taskId, stored, next);
    }
    forward(emits, now);
  }

  /**
   * The task's next step cannot be written: it fails as it was (going on without the step would wait
   * for an answer to a request never sent), and the input is dead-lettered with the reason.
   */
  private void tooLarge(String taskId, TaskProgressState stored, TaskProgress before, SpecificRecord input,
      String reason, long now) {
    log.error("task {}: {}", taskId, reason);
    List<Emit> emits = new ArrayList<>();
    if (before != null) {
      TaskTransition failed = notices.failed(before, cause(input), reason, now);
      stores.put(taskId, stored, TaskProgressStates.toState(failed.progress()));
      failed.commands().forEach(c -> emits.add(new Emit(c.key(), c.value())));
    }
    emits.add(new Emit(taskId, deadLetters.of(context, taskId, input, TaskCoordinator.TASK_PROGRESS_STORE, stored,
        reason)));
    forward(emits, now);
  }

  private void reject(String taskId, SpecificRecord input, String reason, long now) {
    log.warn("task {}: {}", taskId, reason);
    forward(List.of(new Emit(taskId, deadLetters.of(context, taskId, input, null, null, reason))), now);
  }

  private void forward(List<Emit> emits, long now) {
    for (Emit emit : emits) {
      context.forward(emit.toRecord(now));
    }
  }

  /**
   * Why the record's key cannot be the task it is about: the store is partitioned by key, so a record
   * keyed otherwise would meet another partition's tasks (or none). Step results arrive re-keyed by
   * the topology from {@code taskId/stepId} to their taskId.
   */
  private static String keyProblem(String key, TaskEvent event) {
    if (key == null) {
      return "it has no key; records about a task are keyed by its taskId";
    }
    String taskId = event.taskId();
    return taskId == null || taskId.equals(key) ? null
        : "it is keyed " + key + " but is about task " + taskId + "; records about a task are keyed by its taskId";
  }

  private static Envelope cause(SpecificRecord input) {
    return input == null ? null : TaskEvent.of(input).map(TaskEvent::envelope).orElse(null);
  }
}
