package dev.orkestra.coordinator.task;

import dev.orkestra.coordinator.CoordinatorConfig;
import dev.orkestra.coordinator.StreamsProperties;
import dev.orkestra.coordinator.streams.DriverTopics;
import dev.orkestra.coordinator.streams.StateSerdes;
import dev.orkestra.coordinator.task.state.TaskProgressState;
import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.events.common.Failure;
import dev.orkestra.events.task.ChangeProposed;
import dev.orkestra.events.task.ControlCommand;
import dev.orkestra.events.task.GateRequested;
import dev.orkestra.events.task.GateResult;
import dev.orkestra.events.task.HumanDecision;
import dev.orkestra.events.task.ImplementationRequested;
import dev.orkestra.events.task.PlanProposed;
import dev.orkestra.events.task.PlanRequested;
import dev.orkestra.events.task.ReviewCompleted;
import dev.orkestra.events.task.ReviewRequested;
import dev.orkestra.events.task.TaskStateChanged;
import dev.orkestra.events.task.TaskSubmitted;
import dev.orkestra.topics.TopicSpec;
import dev.orkestra.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The task topology in a TopologyTestDriver with every topic it reads and writes, under the
 * coordinator's real Streams settings (exactly-once, unless a test overrides it). Step results are
 * piped keyed taskId/stepId, as the implementer and the gate write them.
 */
final class TaskPipelineDriver implements AutoCloseable {

  final TopologyTestDriver driver;
  final String applicationId;
  // The wall clock starts when the test records were written (TaskDriver.T0): a submission is judged by its age.
  final Instant start = Instant.ofEpochMilli(TaskDriver.T0);
  final TestInputTopic<String, TaskSubmitted> tasks;
  final TestInputTopic<String, PlanProposed> plans;
  final TestInputTopic<String, ReviewCompleted> reviews;
  final TestInputTopic<String, ChangeProposed> changes;
  final TestInputTopic<String, GateResult> gates;
  final TestInputTopic<String, HumanDecision> decisions;
  final TestInputTopic<String, ControlCommand> controls;
  final TestInputTopic<String, Failure> failures;
  final TestOutputTopic<String, PlanRequested> planRequests;
  final TestOutputTopic<String, ReviewRequested> reviewRequests;
  final TestOutputTopic<String, ImplementationRequested> implementationRequests;
  final TestOutputTopic<String, GateRequested> gateRequests;
  final TestOutputTopic<String, TaskStateChanged> taskEvents;
  final TestOutputTopic<String, DeadLetter> deadLetters;
  final TestOutputTopic<String, dev.orkestra.events.common.ModelUsage> spend;
  /** What the store's changelog received: what a restarted or moved task restores from. */
  final TestOutputTopic<String, TaskProgressState> changelog;

  TaskPipelineDriver(CoordinatorConfig config, TaskConfig taskConfig, Path stateDir) {
    this(config, taskConfig, stateDir, Map.of());
  }

  /** With Streams settings overridden, e.g. to see what the driver cannot show under exactly-once. */
  TaskPipelineDriver(CoordinatorConfig config, TaskConfig taskConfig, Path stateDir, Map<String, String> overrides) {
    applicationId = TaskCoordinator.applicationId(config);
    Properties props = StreamsProperties.of(config.withApplicationId(applicationId), "ttd:9092", stateDir, 1);
    props.putAll(overrides);
    driver = new TopologyTestDriver(new TaskCoordinator(config, taskConfig).topology(), props, start);
    tasks = input(Topics.TASKS);
    plans = input(Topics.PLANNER_RESULTS);
    reviews = input(Topics.REVIEWER_RESULTS);
    changes = input(Topics.IMPLEMENTER_RESULTS);
    gates = input(Topics.QUALITY_GATE_RESULTS);
    decisions = input(Topics.HUMAN_DECISIONS);
    controls = input(Topics.CONTROL);
    failures = input(Topics.FAILURES);
    planRequests = output(Topics.PLANNER_REQUESTS);
    reviewRequests = output(Topics.REVIEWER_REQUESTS);
    implementationRequests = output(Topics.IMPLEMENTER_REQUESTS);
    gateRequests = output(Topics.QUALITY_GATE_REQUESTS);
    taskEvents = output(Topics.TASK_EVENTS);
    deadLetters = output(Topics.DEAD_LETTERS);
    spend = output(Topics.TASK_SPEND);
    changelog = driver.createOutputTopic(applicationId + "-" + TaskCoordinator.TASK_PROGRESS_STORE + "-changelog",
        new StringDeserializer(), StateSerdes.of(TaskProgressState.class).deserializer());
  }

  void submit(TaskSubmitted submitted) {
    tasks.pipeInput(submitted.getTask().getTaskId(), submitted);
  }

  /** Submits {@code spec} (as TaskDriver does) and reads the plan request it causes. */
  PlanRequested submitAndReadPlanRequest(dev.orkestra.events.task.TaskSpec spec) {
    submit(record(TaskDriver.submitted(spec)));
    return planRequests.readValue();
  }

  /** Answers a plan request with {@code plan}, written by the model the request named. */
  void propose(PlanRequested request, dev.orkestra.events.task.Plan plan) {
    plans.pipeInput(request.getTask().getTaskId(), record(TaskDriver.plan(request, plan, request.getModel())));
  }

  void review(ReviewRequested request, dev.orkestra.events.task.Verdict verdict, String... required) {
    reviews.pipeInput(request.getTaskId(), TaskDriver.review(request, verdict, required).build());
  }

  /** The implementer's commit, keyed taskId/stepId as the implementer writes it. */
  void implement(ImplementationRequested request) {
    changes.pipeInput(Topics.stepKey(request.getTask().getTaskId(), request.getStep().getId()),
        record(TaskDriver.change(request)));
  }

  /** The gate's verdict, keyed taskId/stepId as the gate writes it. */
  void gate(GateRequested request, boolean passed) {
    gates.pipeInput(Topics.stepKey(request.getTaskId(), request.getStepId()),
        TaskDriver.gateResult(request, passed).build());
  }

  void decide(HumanDecision decision) {
    decisions.pipeInput(decision.getTaskId(), decision);
  }

  void control(ControlCommand command) {
    controls.pipeInput(command.getTaskId(), command);
  }

  /** Moves the driver's wall clock, firing the time-limit punctuator. */
  void advance(Duration duration) {
    driver.advanceWallClockTime(duration);
  }

  /** Raw bytes onto a topic the coordinator reads, as a broken producer would write them. */
  void pipeRaw(String topic, String key, byte[] value) {
    driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer()).pipeInput(key, value);
  }

  KeyValueStore<String, TaskProgressState> store() {
    return driver.getKeyValueStore(TaskCoordinator.TASK_PROGRESS_STORE);
  }

  TaskProgress progress(String taskId) {
    TaskProgressState stored = store().get(taskId);
    return stored == null ? null : TaskProgressStates.fromState(stored);
  }

  @SuppressWarnings("unchecked")
  static <V extends SpecificRecord> V record(TaskEvent event) {
    return (V) event.record();
  }

  private <V extends SpecificRecord> TestInputTopic<String, V> input(TopicSpec<V> spec) {
    return DriverTopics.input(driver, spec);
  }

  private <V extends SpecificRecord> TestOutputTopic<String, V> output(TopicSpec<V> spec) {
    return DriverTopics.output(driver, spec);
  }

  @Override
  public void close() {
    driver.close();
  }
}
