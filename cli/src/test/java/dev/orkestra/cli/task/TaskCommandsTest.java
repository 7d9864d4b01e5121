package dev.orkestra.cli.task;

import static dev.orkestra.cli.task.CommandRun.publish;
import static dev.orkestra.cli.task.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.events.task.ControlAction;
import dev.orkestra.events.task.ControlCommand;
import dev.orkestra.events.task.DecisionKind;
import dev.orkestra.events.task.HumanDecision;
import dev.orkestra.events.task.TaskState;
import dev.orkestra.events.task.TaskStateChanged;
import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.kafka.embedded.EmbeddedKafkaExtension;
import dev.orkestra.runtime.DeadLetters;
import dev.orkestra.topics.TopicSpec;
import dev.orkestra.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * watch, review, pause|stop and summary against the real embedded broker, the coordinator played
 * by the test: it publishes the task events and answers a decision or command with the event it
 * caused or the dead letter it was rejected into.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class TaskCommandsTest {

  private static final List<DecisionKind> STEP_OPTIONS = List.of(DecisionKind.APPROVE, DecisionKind.RETRY,
      DecisionKind.SKIP_STEP, DecisionKind.EDIT, DecisionKind.REJECT);

  private final EmbeddedKafkaBroker broker;

  TaskCommandsTest(EmbeddedKafkaBroker broker) {
    this.broker = broker;
  }

  private void events(String taskId, TaskStateChanged... events) {
    publish(broker, Topics.TASK_EVENTS, taskId, events);
  }

  @Test
  void watchFollowsATaskLiveUntilDoneAndTellsNoticesFromTransitions() throws Exception {
    TaskFixtures f = new TaskFixtures("W-1");
    events("W-1", f.event(0, null, TaskState.NEW, "submitted by ana").build(),
        f.event(1, TaskState.NEW, TaskState.PLANNING, "plan requested").setAssignedModel(TaskFixtures.SONNET).build(),
        f.event(2, TaskState.PLANNING, TaskState.PLANNING, "TaskSubmitted e2 refused: task W-1 is already running")
            .build());

    java.io.StringWriter live = new java.io.StringWriter();
    CompletableFuture<CommandRun> watching = CompletableFuture.supplyAsync(() -> run(broker, live, "watch", "W-1"));
    // It has printed all there is and still follows: nothing has finished the task yet.
    await().atMost(Duration.ofSeconds(60)).until(() -> live.toString().lines().count() == 3);
    assertThat(watching).isNotDone();
    events("W-1", f.event(9, TaskState.STEP_COMPLETE, TaskState.DONE, "all 1 steps complete").setStepsCompleted(1)
        .setStepsTotal(1).setCumulativeCostUsd(0.38).build());
    CommandRun watched = watching.get(60, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(watched.exit()).as(watched.err()).isZero();
    assertThat(watched.out().lines()).containsExactly(
        "2026-12-01T09:00:00Z [ORCHESTRATOR] — NEW: submitted by ana (steps 0/0, $0.0000)",
        "2026-12-01T09:01:00Z [PLANNER] claude-sonnet — PLANNING: plan requested (steps 0/0, $0.0000)",
        "2026-12-01T09:02:00Z [ORCHESTRATOR] — notice, still PLANNING: TaskSubmitted e2 refused: task W-1 is already "
            + "running (steps 0/0, $0.0000)",
        "2026-12-01T09:09:00Z [ORCHESTRATOR] — DONE: all 1 steps complete (steps 1/1, $0.3800)");

    CommandRun json = run(broker, "watch", "W-1", "--json");
    List<JsonNode> objects = json.out().lines().map(TaskCommandsTest::json).toList();
    assertThat(json.exit()).isZero();
    assertThat(objects).extracting(o -> o.get("kind").asText())
        .containsExactly("transition", "transition", "notice", "transition");
    assertThat(objects.getLast().get("to").asText()).isEqualTo("DONE");
    assertThat(objects.getLast().get("costUsd").asDouble()).isEqualTo(0.38);
  }

  @Test
  void watchExitCodesTellFailedStoppedAwaitingAndUnknown() {
    TaskFixtures failed = new TaskFixtures("W-2");
    events("W-2", failed.event(0, null, TaskState.NEW, "submitted").build(),
        failed.event(1, TaskState.NEW, TaskState.FAILED, "spent $5.10 of $5.00; the task is stopped").build());
    TaskFixtures stopped = new TaskFixtures("W-3");
    events("W-3", stopped.event(0, TaskState.PLANNING, TaskState.STOPPED, "stopped by ana").build());
    TaskFixtures waiting = new TaskFixtures("W-4");
    events("W-4", waiting.event(0, TaskState.PLAN_REVIEW, TaskState.AWAITING_HUMAN_REVIEW, "plan v1 rejected").build());

    assertThat(run(broker, "watch", "W-2").exit()).isEqualTo(3);
    assertThat(run(broker, "watch", "W-3").exit()).isEqualTo(4);
    assertThat(run(broker, "watch", "W-4", "--until-review").exit()).isEqualTo(5);
    CommandRun unknown = run(broker, "watch", "W-NONE", "--timeout", "PT2S");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("no events for task W-NONE on orkestra.task-events within PT2S");
  }

  @Test
  void reviewListsWhatWaitsWithSeed002sOptionsAndRefusesADecisionNotOffered() {
    TaskFixtures f = new TaskFixtures("R-1");
    events("R-1", f.event(0, TaskState.CODE_REVIEW, TaskState.AWAITING_HUMAN_REVIEW,
        "step S5: code review rejected 3 times (last by gemini-pro: fuse() logic unclear). Options: approve …")
        .setStepId("S5").setOptions(STEP_OPTIONS).build());
    TaskFixtures plan = new TaskFixtures("R-2");
    events("R-2", plan.event(0, TaskState.PLAN_REVIEW, TaskState.AWAITING_HUMAN_REVIEW, "plan v1 rejected by gemini-pro")
        .setOptions(List.of(DecisionKind.APPROVE, DecisionKind.RETRY, DecisionKind.EDIT, DecisionKind.REJECT)).build());

    CommandRun listed = run(broker, "review");

    assertThat(listed.exit()).isZero();
    assertThat(listed.out()).contains("AWAITING HUMAN REVIEW:\n",
        "- R-1 (S5): code review rejected 3 times (last by gemini-pro: fuse() logic unclear)\n",
        "    1. Approve current implementation", "orkestra review R-1 --approve",
        "    2. Provide feedback and retry", "    3. Skip this step", "    5. Abort task",
        "- R-2: plan v1 rejected by gemini-pro\n", "    1. Approve the current plan");

    CommandRun skip = run(broker, "review", "R-2", "--skip");
    assertThat(skip.exit()).isEqualTo(2);
    assertThat(skip.err()).contains("--skip is not an option for task R-2 now; its options are --approve, "
        + "--retry \"FEEDBACK\", --edit PLAN.yaml, --abort");
    CommandRun running = run(broker, "review", "W-NONE", "--approve");
    assertThat(running.exit()).isEqualTo(2);
    assertThat(running.err()).contains("no task W-NONE");
  }

  @Test
  void aDecisionIsPublishedAndReportedAppliedWhenTheCoordinatorsEventNamesIt() throws Exception {
    TaskFixtures f = new TaskFixtures("R-3");
    events("R-3", f.event(0, TaskState.CODE_REVIEW, TaskState.AWAITING_HUMAN_REVIEW, "step S5: rejected 3 times")
        .setStepId("S5").setOptions(STEP_OPTIONS).build());
    try (TopicReader<HumanDecision> decisions = TopicReader.fromEnd(CommandRun.kafka(broker), Topics.HUMAN_DECISIONS,
        Duration.ofSeconds(30))) {
      CompletableFuture<CommandRun> deciding = CompletableFuture.supplyAsync(() ->
          run(broker, "review", "R-3", "--retry", "explain fuse() in a comment", "--by", "ana"));
      HumanDecision decision = next(decisions, "R-3");
      assertThat(decision.getDecision()).isEqualTo(DecisionKind.RETRY);
      assertThat(decision.getComment()).isEqualTo("explain fuse() in a comment");
      assertThat(decision.getStepId()).isEqualTo("S5");
      assertThat(decision.getDecidedBy()).isEqualTo("ana");
      events("R-3", f.event(1, TaskState.AWAITING_HUMAN_REVIEW, TaskState.IMPLEMENTING, "step S5 again by ana")
          .setStepId("S5").setAttempt(1).setEnvelope(f.envelope(1, decision.getEnvelope().getEventId())).build());

      CommandRun decided = deciding.get(60, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(decided.exit()).as(decided.err()).isZero();
      assertThat(decided.out()).contains("RETRY for R-3 (S5): applied",
          "[STEP S5] Implementer — IMPLEMENTING, attempt 1: step S5 again by ana");
    }
  }

  @Test
  void aControlCommandTheCoordinatorRejectsIsReportedWithItsReasonAndAFinishedTaskIsRefusedHere() throws Exception {
    TaskFixtures f = new TaskFixtures("P-1");
    events("P-1", f.event(0, TaskState.CODE_REVIEW, TaskState.AWAITING_HUMAN_REVIEW, "step S1: rejected").build());
    try (TopicReader<ControlCommand> control = TopicReader.fromEnd(CommandRun.kafka(broker), Topics.CONTROL,
        Duration.ofSeconds(30))) {
      CompletableFuture<CommandRun> pausing = CompletableFuture.supplyAsync(() ->
          run(broker, "pause", "P-1", "--reason", "lunch"));
      ControlCommand command = next(control, "P-1");
      assertThat(command.getAction()).isEqualTo(ControlAction.PAUSE);
      assertThat(command.getReason()).isEqualTo("lunch");
      String reason = "ControlCommand(PAUSE) rejected in state AWAITING_HUMAN_REVIEW (task P-1): the task already "
          + "waits for a person: decide, or stop it";
      publish(broker, Topics.DEAD_LETTERS, "P-1", deadLetter(Topics.CONTROL, "P-1", command, reason));

      CommandRun paused = pausing.get(60, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(paused.exit()).isEqualTo(3);
      assertThat(paused.err()).contains("PAUSE for P-1 rejected by the coordinator: " + reason);
    }
    events("P-2", new TaskFixtures("P-2").event(0, TaskState.STEP_COMPLETE, TaskState.DONE, "done").build());
    CommandRun stop = run(broker, "stop", "P-2");
    assertThat(stop.exit()).isEqualTo(2);
    assertThat(stop.err()).contains("task P-2 is DONE: it has finished");
    try (TopicReader<ControlCommand> control = TopicReader.fromEnd(CommandRun.kafka(broker), Topics.CONTROL,
        Duration.ofSeconds(30))) {
      CommandRun unanswered = run(broker, "resume", "P-1", "--max-cost", "2.50", "--timeout", "PT3S");
      assertThat(unanswered.exit()).isEqualTo(4);
      assertThat(unanswered.err()).contains("RESUME for P-1 was sent, but the coordinator did not answer within PT3S");
      ControlCommand resume = next(control, "P-1");
      assertThat(resume.getBudget().getMaxCostUsd()).as("the raised cost budget travels with the resume")
          .isEqualTo(2.5);
    }
    CommandRun nonsense = run(broker, "resume", "P-1", "--max-cost", "-1");
    assertThat(nonsense.exit()).isEqualTo(2);
    assertThat(nonsense.err()).contains("--max-cost must be a positive number of US dollars, was -1.0");
  }

  @Test
  void summaryReadsTheTasksRecordsFromEveryTopic() {
    TaskFixtures f = new TaskFixtures("S-1");
    events("S-1", f.event(0, null, TaskState.NEW, "submitted").build(),
        f.event(5, TaskState.IMPLEMENTING, TaskState.STEP_COMPLETE, "step S1 complete").setStepId("S1")
            .setBranch("orkestra/S-1").setHeadSha("c1").setStepsCompleted(1).setStepsTotal(1).build(),
        f.event(6, TaskState.STEP_COMPLETE, TaskState.DONE, "all 1 steps complete").setStepsCompleted(1)
            .setStepsTotal(1).setCumulativeCostUsd(0.16).build());
    publish(broker, Topics.PLANNER_RESULTS, "S-1", f.plan(1, TaskFixtures.step("S1", "Write A")));
    publish(broker, Topics.IMPLEMENTER_RESULTS, Topics.stepKey("S-1", "S1"), f.change(2, "S1", 1, "b0", "c1"));
    publish(broker, Topics.REVIEWER_RESULTS, "S-1",
        f.review(3, dev.orkestra.events.task.ReviewSubject.CODE, "S1", dev.orkestra.events.task.Verdict.APPROVED));
    publish(broker, Topics.QUALITY_GATE_RESULTS, Topics.stepKey("S-1", "S1"),
        f.gate(4, "S1", "c1", true).setTestsRun(12).setTestsFailed(0).build());
    // Another task's records on the same topics are not this one's.
    publish(broker, Topics.PLANNER_RESULTS, "S-2", new TaskFixtures("S-2").plan(1, TaskFixtures.step("S9", "other")));

    CommandRun markdown = run(broker, "summary", "S-1");
    CommandRun json = run(broker, "summary", "S-1", "--format", "json");

    assertThat(markdown.exit()).as(markdown.err()).isZero();
    assertThat(markdown.out()).contains("[ORCHESTRATOR] Task S-1 completed", "[ORCHESTRATOR] Commits: 1",
        "[ORCHESTRATOR] Tests: 12 passed, 0 failed", "[ORCHESTRATOR] Time: 6min 0s",
        "| S1 | Write A | STEP_COMPLETE | claude-sonnet | gemini-pro | 1 | APPROVED | passed | c1 |")
        .doesNotContain("S9");
    JsonNode summary = json(json.out());
    assertThat(summary.get("state").asText()).isEqualTo("DONE");
    assertThat(summary.at("/steps/0/id").asText()).isEqualTo("S1");
    assertThat(summary.get("steps")).hasSize(1);
    assertThat(run(broker, "summary", "S-NONE").exit()).isEqualTo(2);
  }

  private static <V extends SpecificRecord> V next(TopicReader<V> reader, String key) {
    return await().atMost(Duration.ofSeconds(60)).until(
        () -> reader.poll(Duration.ofMillis(200)).stream().filter(r -> key.equals(r.key())).map(ConsumerRecord::value)
            .findFirst().orElse(null), java.util.Objects::nonNull);
  }

  private static <V extends SpecificRecord> DeadLetter deadLetter(TopicSpec<V> source, String key, V value,
      String reason) {
    return DeadLetters.of(new DeadLetters.Source(source.name(), 0, 7, key.getBytes(StandardCharsets.UTF_8),
        source.valueSerde().encode(value), 1), reason, "coordinator@test");
  }

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(text, e);
    }
  }
}
