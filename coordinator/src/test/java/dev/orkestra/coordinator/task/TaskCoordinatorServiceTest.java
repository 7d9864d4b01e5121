package dev.orkestra.coordinator.task;

import static dev.orkestra.coordinator.task.TaskPipelineDriver.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orkestra.coordinator.CoordinatorConfig;
import dev.orkestra.coordinator.CoordinatorService;
import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.task.GateRequested;
import dev.orkestra.events.task.ImplementationRequested;
import dev.orkestra.events.task.PlanRequested;
import dev.orkestra.events.task.ReviewRequested;
import dev.orkestra.events.task.ReviewSubject;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.TaskState;
import dev.orkestra.events.task.TaskStateChanged;
import dev.orkestra.events.task.TaskSubmitted;
import dev.orkestra.events.task.Verdict;
import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.kafka.embedded.EmbeddedKafkaExtension;
import dev.orkestra.runtime.KafkaConnection;
import dev.orkestra.runtime.ServiceHealth;
import dev.orkestra.runtime.TestKafka;
import dev.orkestra.topics.TopicSpec;
import dev.orkestra.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task pipeline inside the coordinator service on the real embedded broker: its own exactly-once
 * Streams application beside the query one, RocksDB state, the step results' repartition topic, a
 * restart on the same state directory. Planner, reviewer and implementer are played by the test,
 * answering what it reads.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class TaskCoordinatorServiceTest {

  private final EmbeddedKafkaBroker broker;

  @TempDir
  Path dataDir;

  TaskCoordinatorServiceTest(EmbeddedKafkaBroker broker) {
    this.broker = broker;
  }

  @Test
  void aSubmittedTaskIsPlannedReviewedAndImplementedThroughTheBrokerAndGoesOnAfterARestart() throws IOException {
    String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8);
    String taskId = prefix + "-T1";
    CoordinatorConfig config = CoordinatorConfig.defaults()
        .withApplicationId("orkestra-coordinator-" + prefix)
        .withInstanceId(prefix)
        .withReplicationFactor(1);
    Path stateDir = dataDir.resolve("coordinator/streams");
    TaskSubmitted written = record(TaskDriver.submitted(Tasks.spec(taskId, Risk.LOW, "docs").build()));
    // Submitted now: the coordinator runs on the wall clock and refuses submissions older than a day.
    TaskSubmitted submitted = TaskSubmitted.newBuilder(written)
        .setEnvelope(Envelope.newBuilder(written.getEnvelope()).setOccurredAt(Instant.now()).build()).build();

    try (CoordinatorService coordinator = CoordinatorService.start(KafkaConnection.of(broker.bootstrapServers()),
        stateDir, config, TaskConfig.of(Models.seedRouter()), Duration.ofMinutes(1))) {
      assertThat(coordinator.taskState()).isPresent();
      publish(Topics.TASKS, taskId, submitted);

      PlanRequested planning = awaitOne(Topics.PLANNER_REQUESTS, taskId);
      assertThat(planning.getTask().getTaskId()).isEqualTo(taskId);
      assertThat(planning.getEnvelope().getCausationId()).isEqualTo(submitted.getEnvelope().getEventId());
      assertThat(planning.getEnvelope().getProducer()).isEqualTo(config.producer());
      await().atMost(Duration.ofSeconds(60)).until(() -> states(taskId).contains(TaskState.PLANNING));
      assertThat(states(taskId)).startsWith(TaskState.NEW, TaskState.PLANNING);

      publish(Topics.PLANNER_RESULTS, taskId, record(TaskDriver.plan(planning, Plans.plan("S1"), planning.getModel())));
      ReviewRequested planReview = awaitOne(Topics.REVIEWER_REQUESTS, taskId);
      assertThat(planReview.getSubject()).isEqualTo(ReviewSubject.PLAN);

      publish(Topics.REVIEWER_RESULTS, taskId, TaskDriver.review(planReview, Verdict.APPROVED).build());
      ImplementationRequested implementation = awaitOne(Topics.IMPLEMENTER_REQUESTS, Topics.stepKey(taskId, "S1"));

      // Keyed taskId/stepId, as the implementer writes it: it reaches the task through the repartition topic.
      publish(Topics.IMPLEMENTER_RESULTS, Topics.stepKey(taskId, "S1"), record(TaskDriver.change(implementation)));
      await().atMost(Duration.ofSeconds(60)).until(() -> reviews(taskId).size() == 2);
      assertThat(reviews(taskId).getLast().getSubject()).isEqualTo(ReviewSubject.CODE);
      await().atMost(Duration.ofSeconds(60)).until(() -> states(taskId).contains(TaskState.CODE_REVIEW));

      assertThat(coordinator.health().detail()).contains("; tasks: ");
      assertThat(coordinator.health().status()).isNotEqualTo(ServiceHealth.Status.DOWN);
    }
    ReviewRequested codeReview = reviews(taskId).getLast();

    // Restarted on the same state directory: the task goes on from its stored progress.
    try (CoordinatorService restarted = CoordinatorService.start(KafkaConnection.of(broker.bootstrapServers()),
        stateDir, config, TaskConfig.of(Models.seedRouter()), Duration.ofMinutes(1))) {
      publish(Topics.REVIEWER_RESULTS, taskId, TaskDriver.review(codeReview, Verdict.APPROVED).build());
      GateRequested gate = awaitOne(Topics.QUALITY_GATE_REQUESTS, Topics.stepKey(taskId, "S1"));
      assertThat(gate.getRepo().getCommitSha()).isEqualTo(TaskDriver.commitOf("S1", 1));
      await().atMost(Duration.ofSeconds(60)).until(() -> states(taskId).contains(TaskState.QUALITY_GATE));
      assertThat(read(Topics.DEAD_LETTERS, taskId)).isEmpty();
    }
    // Its own application id, so its own state directory beside the query side's; the task's
    // progress is in the store of the task (0_n) its partition belongs to.
    Path tasks = stateDir.resolve(TaskCoordinator.applicationId(config));
    try (Stream<Path> taskDirs = Files.list(tasks)) {
      assertThat(taskDirs.map(dir -> dir.resolve("rocksdb").resolve(TaskCoordinator.TASK_PROGRESS_STORE)))
          .anyMatch(Files::isDirectory);
    }
    assertThat(stateDir.resolve(config.applicationId())).isDirectory();
  }

  private List<TaskState> states(String taskId) {
    return read(Topics.TASK_EVENTS, taskId).stream().map(TaskStateChanged::getToState).toList();
  }

  private List<ReviewRequested> reviews(String taskId) {
    return read(Topics.REVIEWER_REQUESTS, taskId);
  }

  /** Waits for the committed record of {@code key} on {@code topic} and checks there is only one. */
  private <V extends SpecificRecord> V awaitOne(TopicSpec<V> topic, String key) {
    await().atMost(Duration.ofSeconds(60)).until(() -> !read(topic, key).isEmpty());
    List<V> records = read(topic, key);
    assertThat(records).hasSize(1);
    return records.getFirst();
  }

  private <V extends SpecificRecord> List<V> read(TopicSpec<V> topic, String key) {
    return TestKafka.readAll(broker, topic.name()).stream().filter(r -> key.equals(r.key()))
        .map(r -> topic.valueSerde().decode(r.value())).toList();
  }

  private <V extends SpecificRecord> void publish(TopicSpec<V> topic, String key, V value) {
    TestKafka.produce(broker, topic.name(), key, topic.valueSerde().encode(value));
  }
}
