package dev.orkestra.cli.task;

import static dev.orkestra.cli.task.CommandRun.publish;
import static dev.orkestra.cli.task.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orkestra.coordinator.CoordinatorConfig;
import dev.orkestra.coordinator.CoordinatorService;
import dev.orkestra.coordinator.task.ModelRouter;
import dev.orkestra.coordinator.task.RoutingTable;
import dev.orkestra.coordinator.task.TaskConfig;
import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.task.Budget;
import dev.orkestra.events.task.Plan;
import dev.orkestra.events.task.PlanProposed;
import dev.orkestra.events.task.PlanRequested;
import dev.orkestra.events.task.QualityPolicy;
import dev.orkestra.events.task.ReviewCompleted;
import dev.orkestra.events.task.ReviewRequested;
import dev.orkestra.events.task.ReviewScores;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.TaskSpec;
import dev.orkestra.events.task.TaskState;
import dev.orkestra.events.task.TaskSubmitted;
import dev.orkestra.events.task.Verdict;
import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.kafka.embedded.EmbeddedKafkaExtension;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.topics.TopicSpec;
import dev.orkestra.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands against the real coordinator (CoordinatorService's task application on the embedded
 * broker): a plan the reviewer rejects waits for a person; {@code review} lists it; an edited plan
 * the coordinator cannot schedule is rejected with its reason; approval is applied; pause and stop
 * are confirmed; watch ends with STOPPED's exit code. The planner and reviewer are played here.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ReviewWithCoordinatorTest {

  private final EmbeddedKafkaBroker broker;

  @TempDir
  Path dir;

  ReviewWithCoordinatorTest(EmbeddedKafkaBroker broker) {
    this.broker = broker;
  }

  @Test
  void aPersonsDecisionsAndControlReachTheRealCoordinatorAndItsAnswersAreReported() throws Exception {
    String prefix = "cli-" + UUID.randomUUID().toString().substring(0, 8);
    String taskId = prefix + "-T1";
    CoordinatorConfig config = CoordinatorConfig.defaults().withApplicationId("orkestra-coordinator-" + prefix)
        .withInstanceId(prefix).withReplicationFactor(1);
    try (CoordinatorService coordinator = CoordinatorService.start(CommandRun.kafka(broker), dir.resolve("streams"),
        config, TaskConfig.of(seedRouter()), Duration.ofMinutes(1))) {
      publish(broker, Topics.TASKS, taskId, submitted(taskId));
      PlanRequested planning = awaitOne(Topics.PLANNER_REQUESTS, taskId);
      publish(broker, Topics.PLANNER_RESULTS, taskId, PlanProposed.newBuilder()
          .setEnvelope(answer(planning)).setTaskId(taskId)
          .setPlan(Plan.newBuilder().setPlanVersion(1).setSteps(List.of(TaskFixtures.step("S1", "Update README")))
              .build())
          .setAuthor(planning.getModel()).setAttempt(planning.getAttempt()).build());
      ReviewRequested review = awaitOne(Topics.REVIEWER_REQUESTS, taskId);
      publish(broker, Topics.REVIEWER_RESULTS, taskId, ReviewCompleted.newBuilder()
          .setEnvelope(answer(review)).setTaskId(taskId).setSubject(review.getSubject())
          .setPlanVersion(review.getPlan().getPlanVersion()).setVerdict(Verdict.REJECTED)
          .setScores(ReviewScores.newBuilder().build()).setBlockers(List.of("S1 names no file"))
          .setReviewer(review.getReviewer()).setAttempt(review.getAttempt()).build());
      await().atMost(Duration.ofSeconds(60)).until(() -> TaskEvents.latestTransition(CommandRun.kafka(broker), taskId,
          Duration.ofSeconds(10)).map(e -> e.getToState() == TaskState.AWAITING_HUMAN_REVIEW).orElse(false));

      CommandRun listed = run(broker, "review");
      assertThat(listed.out()).contains("- " + taskId + ": plan v1 rejected by", "S1 names no file",
          "Approve the current plan", "orkestra review " + taskId + " --edit PLAN.yaml");

      // The coordinator checks an edited plan: one that cannot be scheduled is rejected, naming why.
      Path cyclic = Files.writeString(dir.resolve("plan.yaml"), """
          steps:
            - {id: S1, type: docs, description: a, risk: low, depends_on: [S2]}
            - {id: S2, type: docs, description: b, risk: low, depends_on: [S1]}
          """);
      CommandRun edited = run(broker, "review", taskId, "--edit", cyclic.toString(), "--by", "ana");
      assertThat(edited.exit()).as(edited.out() + edited.err()).isEqualTo(3);
      assertThat(edited.err()).contains("EDIT for " + taskId + " rejected by the coordinator: ",
          "the edited plan cannot be scheduled");

      CommandRun approved = run(broker, "review", taskId, "--approve", "--by", "ana");
      assertThat(approved.exit()).as(approved.err()).isZero();
      assertThat(approved.out()).contains("APPROVE for " + taskId + ": applied", "plan v1 approved by ana",
          "[STEP S1] Implementer");

      CommandRun paused = run(broker, "pause", taskId, "--by", "ana", "--reason", "lunch");
      assertThat(paused.exit()).as(paused.err()).isZero();
      assertThat(paused.out()).contains("PAUSE for " + taskId + ": applied", "PAUSED, attempt 1: paused by ana: lunch");
      CommandRun again = run(broker, "pause", taskId, "--by", "ana");
      assertThat(again.exit()).isEqualTo(3);
      assertThat(again.err()).contains("rejected by the coordinator", "the task is already paused");

      assertThat(run(broker, "stop", taskId, "--by", "ana").exit()).isZero();
      CommandRun watched = run(broker, "watch", taskId);
      assertThat(watched.exit()).isEqualTo(4);
      assertThat(watched.out().lines().toList().getLast()).contains("STOPPED, attempt 1: stopped by ana");
      assertThat(run(broker, "summary", taskId).out()).contains("[ORCHESTRATOR] Task " + taskId + " stopped",
          "| ana | EDIT |", "| no |", "| ana | APPROVE |", "| yes |");
    }
  }

  private static ModelRouter seedRouter() {
    Map<String, ModelRef> models = new LinkedHashMap<>();
    for (ModelRef model : new ModelRef[] {ref("claude-sonnet", "claude", "anthropic"), ref("gemini-pro", "gemini",
        "gemini"), ref("gemini-flash", "gemini", "gemini")}) {
      models.put(model.getModelId(), model);
    }
    return new ModelRouter(RoutingTable.seedTable(models), models);
  }

  private static ModelRef ref(String id, String family, String provider) {
    return ModelRef.newBuilder().setModelId(id).setFamily(family).setProvider(provider).build();
  }

  private static TaskSubmitted submitted(String taskId) {
    TaskSpec spec = TaskSpec.newBuilder().setTaskId(taskId).setGoal("Update the README").setRisk(Risk.LOW)
        .setArea("docs")
        .setRepo(RepoRef.newBuilder().setRepo("acme/docs").setRef("main").setCommitSha("b".repeat(40)).build())
        .setBudget(Budget.newBuilder().build()).setQuality(QualityPolicy.newBuilder().build()).build();
    return TaskSubmitted.newBuilder().setEnvelope(Envelopes.start(taskId, "cli@test")).setTask(spec)
        .setRequester("ana").build();
  }

  private static Envelope answer(SpecificRecord request) {
    return Envelopes.reply(Envelopes.of(request), "role@test");
  }

  private <V extends SpecificRecord> V awaitOne(TopicSpec<V> topic, String key) {
    return await().atMost(Duration.ofSeconds(60)).until(() -> TopicReader.readAll(CommandRun.kafka(broker), topic,
            Duration.ofSeconds(10)).stream().filter(r -> key.equals(r.key())).map(ConsumerRecord::value).findFirst()
        .orElse(null), java.util.Objects::nonNull);
  }
}
