package dev.orkestra.implementer.git;

import dev.orkestra.events.task.ImplementationRequested;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Who made a step's commit, as git trailers: task, step, attempt, model, and the request's event id.
 * The trailers are how a redelivered request finds the commit an earlier delivery already published
 * (the request id), and how a retry tells its own step's earlier attempts from another step's commit.
 */
public record StepCommit(String taskId, String stepId, int attempt, String modelId, String requestId) {

  static final String TASK = "Orkestra-Task";
  static final String STEP = "Orkestra-Step";
  static final String ATTEMPT = "Orkestra-Attempt";
  static final String MODEL = "Orkestra-Model";
  static final String REQUEST = "Orkestra-Request";
  static final int MAX_SUBJECT = 72;
  static final int MAX_BODY = 2_000;

  public static StepCommit of(ImplementationRequested request, String modelId) {
    return new StepCommit(request.getTask().getTaskId(), request.getStep().getId(), request.getAttempt(), modelId,
        request.getEnvelope().getEventId());
  }

  /** The trailers of {@code commit}, if it is a step commit. */
  public static Optional<StepCommit> of(RevCommit commit) {
    String task = footer(commit, TASK);
    String step = footer(commit, STEP);
    String attempt = footer(commit, ATTEMPT);
    String request = footer(commit, REQUEST);
    if (task == null || step == null || attempt == null || request == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new StepCommit(task, step, Integer.parseInt(attempt), footer(commit, MODEL), request));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The explanation a step commit's message holds (between subject and trailers); empty when none. */
  public static String explanation(RevCommit commit) {
    String[] paragraphs = commit.getFullMessage().strip().split("\n\n");
    if (paragraphs.length <= 2) {
      return "";
    }
    return String.join("\n\n", Arrays.asList(paragraphs).subList(1, paragraphs.length - 1)).strip();
  }

  /** Same task and step (any attempt). */
  public boolean sameStep(StepCommit other) {
    return taskId.equals(other.taskId) && stepId.equals(other.stepId);
  }

  /**
   * {@code RAE-002 S1: <the description's first line>}, the explanation (bounded), then the
   * trailers; one line each, so a value cannot forge another trailer.
   */
  public String message(String description, String explanation) {
    String subject = oneLine(taskId + " " + stepId + ": " + firstLine(description));
    if (subject.length() > MAX_SUBJECT) {
      subject = subject.substring(0, MAX_SUBJECT - 1) + "…";
    }
    StringBuilder message = new StringBuilder(subject).append("\n\n");
    String body = explanation == null ? "" : explanation.strip();
    if (!body.isEmpty()) {
      if (body.length() > MAX_BODY) {
        body = body.substring(0, MAX_BODY) + " …";
      }
      message.append(body).append("\n\n");
    }
    message.append(TASK).append(": ").append(oneLine(taskId)).append('\n')
        .append(STEP).append(": ").append(oneLine(stepId)).append('\n')
        .append(ATTEMPT).append(": ").append(attempt).append('\n')
        .append(MODEL).append(": ").append(oneLine(modelId)).append('\n')
        .append(REQUEST).append(": ").append(oneLine(requestId)).append('\n');
    return message.toString();
  }

  private static String firstLine(String text) {
    String stripped = text == null ? "" : text.strip();
    int newline = stripped.indexOf('\n');
    return newline < 0 ? stripped : stripped.substring(0, newline).strip();
  }

  private static String oneLine(String value) {
    return value == null ? "" : value.replaceAll("\\p{Cntrl}", " ").strip();
  }

  private static String footer(RevCommit commit, String key) {
    List<String> values = commit.getFooterLines(key);
    return values.isEmpty() ? null : values.getLast().strip();
  }
}
