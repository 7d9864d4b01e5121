package dev.orkestra.coordinator.task;

import static dev.orkestra.coordinator.streams.TopologyParts.indexStore;
import static dev.orkestra.coordinator.streams.TopologyParts.persistentStore;
import static dev.orkestra.coordinator.streams.TopologyParts.source;
import static dev.orkestra.coordinator.streams.TopologyParts.typedSource;
import static dev.orkestra.coordinator.streams.TopologyParts.widen;

import dev.orkestra.coordinator.CoordinatorConfig;
import dev.orkestra.coordinator.streams.InputDeadLetters;
import dev.orkestra.coordinator.streams.Outputs;
import dev.orkestra.coordinator.streams.RecordSizeGuard;
import dev.orkestra.coordinator.task.state.TaskProgressState;
import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.events.task.ChangeProposed;
import dev.orkestra.events.task.GateResult;
import dev.orkestra.topics.TopicSpec;
import dev.orkestra.topics.Topics;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The Kafka Streams topology of the task pipeline (seeds 002-004): one processor, partitioned by
 * taskId, around the {@link TaskStateMachine}.
 *
 * <pre>
 * tasks (key taskId)
 *   in:  orkestra.tasks, orkestra.planner.results, orkestra.reviewer.results, orkestra.human-decisions,
 *        orkestra.control, orkestra.failures, and — re-keyed from taskId/stepId to taskId through a
 *        repartition topic each — orkestra.implementer.results, orkestra.quality-gate.results
 *   out: orkestra.planner.requests, orkestra.reviewer.requests, orkestra.implementer.requests,
 *        orkestra.quality-gate.requests, orkestra.task-events, orkestra.task-spend, orkestra.dead-letters
 *        (one sink, topic by value type)
 *   stores: task-progress (TaskProgressState, changelog), task-deadlines (in memory, rebuilt at start),
 *        task-spend (global, in memory, from orkestra.task-spend: the day's spend of every task)
 * </pre>
 *
 * <p>It runs as its own Streams application ({@link #applicationId}) beside the query topology:
 * both read orkestra.failures, which one application cannot do from two sub-topologies without
 * merging them into one, and that would renumber the query tasks and put a new logged store into
 * them (docs/coordinator.md).
 */
public final class TaskCoordinator {

  public static final String TASK_PROGRESS_STORE = "task-progress";
  /** When each running task is over its time limit ({@code DeadlineIndex}); in memory, rebuilt at task start. */
  public static final String TASK_DEADLINES_STORE = "task-deadlines";
  /** Global, in memory, read whole from orkestra.task-spend at start: every task's spend, for the daily limit. */
  public static final String TASK_SPEND_STORE = "task-spend";
  /** Repartition topics (Streams names them {@code <application.id>-<name>-repartition}). */
  public static final String STEP_CHANGES = "task-changes";
  public static final String STEP_GATE_RESULTS = "task-gate-results";

  /** Registry topics the processor writes. */
  static final List<TopicSpec<?>> OUTPUTS = List.of(Topics.PLANNER_REQUESTS, Topics.REVIEWER_REQUESTS,
      Topics.IMPLEMENTER_REQUESTS, Topics.QUALITY_GATE_REQUESTS, Topics.TASK_EVENTS, Topics.TASK_SPEND,
      Topics.DEAD_LETTERS);

  private final CoordinatorConfig config;
  private final TaskConfig tasks;
  private final Outputs outputs = new Outputs(OUTPUTS);

  public TaskCoordinator(CoordinatorConfig config, TaskConfig tasks) {
    this.config = config;
    this.tasks = tasks;
  }

  /**
   * The task application's {@code application.id}: the coordinator's with {@code -tasks}, so its
   * consumer group, transactional ids, internal topics and state directory are its own.
   */
  public static String applicationId(CoordinatorConfig config) {
    return config.applicationId() + "-tasks";
  }

  /** Registry topics the topology reads or writes; they must exist before it starts. */
  public static List<TopicSpec<?>> topics() {
    return List.of(Topics.TASKS, Topics.PLANNER_REQUESTS, Topics.PLANNER_RESULTS, Topics.REVIEWER_REQUESTS,
        Topics.REVIEWER_RESULTS, Topics.IMPLEMENTER_REQUESTS, Topics.IMPLEMENTER_RESULTS,
        Topics.QUALITY_GATE_REQUESTS, Topics.QUALITY_GATE_RESULTS, Topics.TASK_EVENTS, Topics.HUMAN_DECISIONS,
        Topics.CONTROL, Topics.TASK_SPEND, Topics.FAILURES, Topics.DEAD_LETTERS);
  }

  public Topology topology() {
    StreamsBuilder builder = new StreamsBuilder();
    // Added first, so the processor's sub-topology is 0 (task ids 0_n name its state directories).
    KStream<String, SpecificRecord> events = source(builder, Topics.TASKS);
    int merged = 0;
    for (TopicSpec<?> spec : List.of(Topics.PLANNER_RESULTS, Topics.REVIEWER_RESULTS, Topics.HUMAN_DECISIONS,
        Topics.CONTROL, Topics.FAILURES)) {
      events = events.merge(source(builder, spec), Named.as("task-events-" + ++merged));
    }
    events = events.merge(byTask(builder, Topics.IMPLEMENTER_RESULTS, ChangeProposed::getTaskId, STEP_CHANGES),
        Named.as("task-events-" + ++merged));
    events = events.merge(byTask(builder, Topics.QUALITY_GATE_RESULTS, GateResult::getTaskId, STEP_GATE_RESULTS),
        Named.as("task-events-" + ++merged));
    // One sink: requests, task events and dead letters, each to the topic its value type names.
    events.process(processor(), Named.as("tasks"))
        .to(outputs.topicNames(), Produced.with(Serdes.String(), outputs.serde()).withName("tasks-out"));
    // Each instance reads the whole day's spend of every task: the limit is one for all of them. The
    // topic's records are the store's entries, so a restore copies them as they are (no processor needed
    // beyond the put). A day of records (one per paid result) is small enough to hold in memory.
    builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TASK_SPEND_STORE),
            Serdes.String(), Topics.TASK_SPEND.valueSerde()).withLoggingDisabled(),
        Topics.TASK_SPEND.name(), Consumed.with(Serdes.String(), Topics.TASK_SPEND.valueSerde())
            .withName("task-spend-in"),
        () -> new ContextualProcessor<String, ModelUsage, Void, Void>() {
          @Override
          public void process(Record<String, ModelUsage> record) {
            KeyValueStore<String, ModelUsage> store = context().getStateStore(TASK_SPEND_STORE);
            store.put(record.key(), record.value());
          }
        });
    return builder.build();
  }

  /**
   * A per-step result topic (key taskId/stepId, which spreads one task's steps over the role's
   * partitions) re-keyed to its taskId, so that it meets its task's progress. A result without a
   * taskId keeps its key and is dead-lettered by the processor.
   */
  private static <V extends SpecificRecord> KStream<String, SpecificRecord> byTask(StreamsBuilder builder,
      TopicSpec<V> spec, Function<V, String> taskId, String name) {
    return widen(typedSource(builder, spec)
        .selectKey((key, value) -> value == null || taskId.apply(value) == null ? key : taskId.apply(value),
            Named.as(name + "-by-task"))
        .repartition(Repartitioned.<String, V>as(name)
            .withKeySerde(Serdes.String())
            .withValueSerde(spec.valueSerde())
            .withNumberOfPartitions(Topics.TASKS.partitions())));
  }

  private ProcessorSupplier<String, SpecificRecord, String, SpecificRecord> processor() {
    return new ProcessorSupplier<>() {
      @Override
      public Processor<String, SpecificRecord, String, SpecificRecord> get() {
        return new TaskProcessor(
            new TaskStateMachine(tasks.router(), tasks.budgets(), tasks.stepConcurrency(), config.producer()),
            new TaskNotices(config.producer()),
            new RecordSizeGuard(config.maxRecordBytes(), outputs::topic),
            new InputDeadLetters(config.producer()),
            tasks.clockInterval(), tasks.submissionMaxAge());
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(persistentStore(TASK_PROGRESS_STORE, TaskProgressState.class),
            // Derived from task-progress and rebuilt from it whenever the task starts (TaskStores).
            indexStore(TASK_DEADLINES_STORE));
      }
    };
  }
}
