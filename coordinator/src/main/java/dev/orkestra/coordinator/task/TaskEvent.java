package dev.orkestra.coordinator.task;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.Failure;
import dev.orkestra.events.task.ChangeProposed;
import dev.orkestra.events.task.ControlCommand;
import dev.orkestra.events.task.GateResult;
import dev.orkestra.events.task.HumanDecision;
import dev.orkestra.events.task.PlanProposed;
import dev.orkestra.events.task.ReviewCompleted;
import dev.orkestra.events.task.TaskSubmitted;
import dev.orkestra.events.common.ModelUsage;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the task state machine reacts to: the contracts' task events as they arrive on their topics,
 * a role's {@link Failure}, and the clock. Each names itself for rejections and logs.
 */
public sealed interface TaskEvent {

  /** The event's envelope; the clock has none. */
  Envelope envelope();

  /** "ReviewCompleted(CODE S2, REJECTED, attempt 2)": what a rejection or a log line names. */
  String describe();

  /** The contract record the event is; null for the clock. */
  default SpecificRecord record() {
    return switch (this) {
      case Submitted e -> e.event();
      case Planned e -> e.event();
      case Reviewed e -> e.event();
      case Changed e -> e.event();
      case Gated e -> e.event();
      case Decided e -> e.event();
      case Controlled e -> e.event();
      case RoleFailed e -> e.event();
      case Tick e -> null;
    };
  }

  /** The model usage a role's result reports (plans, reviews, changes); empty for everything else. */
  default List<ModelUsage> usage() {
    return switch (this) {
      case Planned e -> e.event().getUsage();
      case Reviewed e -> e.event().getUsage();
      case Changed e -> e.event().getUsage();
      default -> List.of();
    };
  }

  /** The task the event is about; null for the clock (it is delivered per task). */
  default String taskId() {
    return envelope() == null ? null : envelope().getCorrelationId();
  }

  /** The task event a topic record holds, or empty for a record the machine does not take. */
  static Optional<TaskEvent> of(SpecificRecord record) {
    return Optional.ofNullable(switch (record) {
      case TaskSubmitted e -> new Submitted(e);
      case PlanProposed e -> new Planned(e);
      case ReviewCompleted e -> new Reviewed(e);
      case ChangeProposed e -> new Changed(e);
      case GateResult e -> new Gated(e);
      case HumanDecision e -> new Decided(e);
      case ControlCommand e -> new Controlled(e);
      case Failure e -> new RoleFailed(e);
      case null, default -> null;
    });
  }

  record Submitted(TaskSubmitted event) implements TaskEvent {
    public Envelope envelope() {
      return event.getEnvelope();
    }

    public String taskId() {
      return event.getTask() == null ? null : event.getTask().getTaskId();
    }

    public String describe() {
      return "TaskSubmitted(" + taskId() + ")";
    }
  }

  record Planned(PlanProposed event) implements TaskEvent {
    public Envelope envelope() {
      return event.getEnvelope();
    }

    public String taskId() {
      return event.getTaskId();
    }

    public String describe() {
      return "PlanProposed(attempt " + event.getAttempt() + ")";
    }
  }

  record Reviewed(ReviewCompleted event) implements TaskEvent {
    public Envelope envelope() {
      return event.getEnvelope();
    }

    public String taskId() {
      return event.getTaskId();
    }

    public String describe() {
      String subject = event.getStepId() == null ? String.valueOf(event.getSubject())
          : event.getSubject() + " " + event.getStepId();
      return "ReviewCompleted(" + subject + ", " + event.getVerdict() + ", attempt " + event.getAttempt() + ")";
    }
  }

  record Changed(ChangeProposed event) implements TaskEvent {
    public Envelope envelope() {
      return event.getEnvelope();
    }

    public String taskId() {
      return event.getTaskId();
    }

    public String describe() {
      return "ChangeProposed(" + event.getStepId() + ", attempt " + event.getAttempt() + ")";
    }
  }

  record Gated(GateResult event) implements TaskEvent {
    public Envelope envelope() {
      return event.getEnvelope();
    }

    public String taskId() {
      return event.getTaskId();
    }

    public String describe() {
      return "GateResult(" + event.getStepId() + ", " + (event.getPassed() ? "passed" : "failed") + ", attempt "
          + event.getAttempt() + ")";
    }
  }

  record Decided(HumanDecision event) implements TaskEvent {
    public Envelope envelope() {
      return event.getEnvelope();
    }

    public String taskId() {
      return event.getTaskId();
    }

    public String describe() {
      return "HumanDecision(" + event.getDecision() + (event.getStepId() == null ? "" : " " + event.getStepId())
          + " by " + event.getDecidedBy() + ")";
    }
  }

  record Controlled(ControlCommand event) implements TaskEvent {
    public Envelope envelope() {
      return event.getEnvelope();
    }

    public String taskId() {
      return event.getTaskId();
    }

    public String describe() {
      return "ControlCommand(" + event.getAction() + " by " + event.getIssuedBy() + ")";
    }
  }

  record RoleFailed(Failure event) implements TaskEvent {
    public Envelope envelope() {
      return event.getEnvelope();
    }

    public String describe() {
      return "Failure(" + event.getRole() + ", " + event.getKind() + ")";
    }
  }

  /** The wall clock, delivered per task by a punctuator: the time limit is checked even when nothing arrives. */
  record Tick() implements TaskEvent {
    public Envelope envelope() {
      return null;
    }

    public String describe() {
      return "clock tick";
    }
  }
}
