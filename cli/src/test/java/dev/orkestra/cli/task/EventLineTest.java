package dev.orkestra.cli.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.task.DecisionKind;
import dev.orkestra.events.task.TaskState;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLineTest {

  private final TaskFixtures f = new TaskFixtures("EV-1");

  @Test
  void aStepEventReadsLikeSeed002sLogWithTimeStateAttemptReasonAndCost() {
    String line = EventLine.text(f.event(3, TaskState.CODE_REVIEW, TaskState.IMPLEMENTING, "step S3 again")
        .setStepId("S3").setAttempt(2).setAssignedModel(TaskFixtures.SONNET).setStepsCompleted(2).setStepsTotal(12)
        .setCumulativeCostUsd(0.0123).build());

    assertThat(line).isEqualTo("2026-12-01T09:03:00Z [STEP S3] Implementer: claude-sonnet — IMPLEMENTING, attempt 2: "
        + "step S3 again (steps 2/12, $0.0123)");
  }

  @Test
  void planningIsThePlannersAndANoticeIsToldFromATransition() {
    assertThat(EventLine.text(f.event(1, TaskState.NEW, TaskState.PLANNING, "plan requested")
        .setAssignedModel(TaskFixtures.SONNET).build())).contains("[PLANNER] claude-sonnet — PLANNING: plan requested");
    String notice = EventLine.text(f.event(2, TaskState.PLANNING, TaskState.PLANNING, "TaskSubmitted x refused")
        .build());
    assertThat(notice).contains("[ORCHESTRATOR] — notice, still PLANNING: TaskSubmitted x refused");
    assertThat(EventLine.json(f.event(2, TaskState.PLANNING, TaskState.PLANNING, "refused").build()))
        .containsEntry("kind", "notice");
  }

  @Test
  void jsonCarriesEveryFieldUnderStableKeys() {
    var json = EventLine.json(f.event(5, TaskState.CODE_REVIEW, TaskState.AWAITING_HUMAN_REVIEW, "rejected 3x")
        .setStepId("S5").setOptions(List.of(DecisionKind.APPROVE, DecisionKind.REJECT)).build());

    assertThat(json.keySet()).containsExactly("time", "taskId", "kind", "from", "to", "stepId", "attempt",
        "planVersion", "stepsCompleted", "stepsTotal", "costUsd", "model", "branch", "headSha", "options", "reason",
        "eventId", "causationId");
    assertThat(json).containsEntry("kind", "transition").containsEntry("to", "AWAITING_HUMAN_REVIEW")
        .containsEntry("options", List.of("APPROVE", "REJECT"));
  }
}
