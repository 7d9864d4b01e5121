package dev.orkestra.topics;

import static dev.orkestra.topics.TopicSpec.Cleanup.COMPACT;
import static dev.orkestra.topics.TopicSpec.Cleanup.DELETE;
import static dev.orkestra.topics.TopicSpec.Cleanup.JOURNAL;

import dev.orkestra.events.common.ActionRecord;
import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.events.common.Failure;
import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.events.query.AuditCompleted;
import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.CandidateOpened;
import dev.orkestra.events.query.CompositionCompleted;
import dev.orkestra.events.query.CompositionRequested;
import dev.orkestra.events.query.ExtractionCompleted;
import dev.orkestra.events.query.ExtractionRequested;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryResponse;
import dev.orkestra.events.query.RetrievalCompleted;
import dev.orkestra.events.query.RetrievalRequested;
import dev.orkestra.events.query.SynthesisCompleted;
import dev.orkestra.events.query.SynthesisRequested;
import dev.orkestra.events.query.VerificationCompleted;
import dev.orkestra.events.query.VerificationRequested;
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
import java.util.List;
import java.util.Optional;

/**
 * The typed topic registry: the only place topic names live.
 *
 * <p>Role topics follow {@code orkestra.<role>.requests} / {@code orkestra.<role>.results}. Topics
 * the coordinator reads get {@value #WORK_PARTITIONS} partitions: Kafka Streams tasks — the
 * coordinator's parallelism — are one per partition, and topics it reads together must have the
 * same count. Request topics it only writes are {@linkplain #workQueue work queues} of one
 * partition: while a share group has fewer members than partitions, Kafka 4.2 splits the partitions
 * among them (a request on a busy member's partition waits while another member idles); with one
 * partition every member shares all the work and an idle one takes whatever waits (docs/runtime.md).
 */
public final class Topics {

  static final int WORK_PARTITIONS = 6;

  private Topics() {}

  // ---- grounded code questions (seed 000) ----
  public static final TopicSpec<QueryRequested> QUERIES = events("orkestra.queries", QueryRequested.class,
      "questions about a repository, keyed by queryId");
  public static final TopicSpec<RetrievalRequested> RETRIEVER_REQUESTS = workQueue("orkestra.retriever.requests",
      RetrievalRequested.class, "hybrid search requests, keyed by queryId");
  public static final TopicSpec<RetrievalCompleted> RETRIEVER_RESULTS = events("orkestra.retriever.results",
      RetrievalCompleted.class, "ranked candidates, keyed by queryId");
  public static final TopicSpec<ExtractionRequested> EXTRACTOR_REQUESTS = workQueue("orkestra.extractor.requests",
      ExtractionRequested.class, "one per candidate, keyed by candidateId");
  public static final TopicSpec<CandidateOpened> CANDIDATES = events("orkestra.candidates", CandidateOpened.class,
      "the coordinator's record of each candidate sent for extraction, keyed by candidateId");
  public static final TopicSpec<ExtractionCompleted> EXTRACTOR_RESULTS = events("orkestra.extractor.results",
      ExtractionCompleted.class, "verbatim lines or the reason they could not be read, keyed by candidateId");
  public static final TopicSpec<VerificationRequested> VERIFIER_REQUESTS = workQueue("orkestra.verifier.requests",
      VerificationRequested.class, "independent re-read of one candidate, keyed by candidateId");
  public static final TopicSpec<VerificationCompleted> VERIFIER_RESULTS = events("orkestra.verifier.results",
      VerificationCompleted.class, "match verdicts, keyed by candidateId");
  public static final TopicSpec<SynthesisRequested> SYNTHESIZER_REQUESTS = workQueue("orkestra.synthesizer.requests",
      SynthesisRequested.class, "coaching over verified extracts, keyed by queryId");
  public static final TopicSpec<SynthesisCompleted> SYNTHESIZER_RESULTS = events("orkestra.synthesizer.results",
      SynthesisCompleted.class, "labelled coaching, keyed by queryId");
  public static final TopicSpec<CompositionRequested> COMPOSER_REQUESTS = workQueue("orkestra.composer.requests",
      CompositionRequested.class, "verified data to shape into the output schema, keyed by queryId");
  public static final TopicSpec<CompositionCompleted> COMPOSER_RESULTS = events("orkestra.composer.results",
      CompositionCompleted.class, "composed responses, keyed by queryId");
  public static final TopicSpec<AuditRequested> AUDITOR_REQUESTS = workQueue("orkestra.auditor.requests",
      AuditRequested.class, "responses to check against the guardrails, keyed by queryId");
  public static final TopicSpec<AuditCompleted> AUDITOR_RESULTS = events("orkestra.auditor.results",
      AuditCompleted.class, "audit verdicts, keyed by queryId");
  public static final TopicSpec<QueryResponse> RESPONSES = events("orkestra.responses", QueryResponse.class,
      "final answers in the global output schema, keyed by queryId");

  // ---- autonomous coding tasks (seeds 002-004) ----
  public static final TopicSpec<TaskSubmitted> TASKS = events("orkestra.tasks", TaskSubmitted.class,
      "submitted tasks, keyed by taskId");
  public static final TopicSpec<PlanRequested> PLANNER_REQUESTS = workQueue("orkestra.planner.requests",
      PlanRequested.class, "planning requests, keyed by taskId");
  public static final TopicSpec<PlanProposed> PLANNER_RESULTS = events("orkestra.planner.results",
      PlanProposed.class, "proposed plans, keyed by taskId");
  public static final TopicSpec<ReviewRequested> REVIEWER_REQUESTS = workQueue("orkestra.reviewer.requests",
      ReviewRequested.class, "plan and code reviews, keyed by taskId");
  public static final TopicSpec<ReviewCompleted> REVIEWER_RESULTS = events("orkestra.reviewer.results",
      ReviewCompleted.class, "review verdicts, keyed by taskId");
  public static final TopicSpec<ImplementationRequested> IMPLEMENTER_REQUESTS = workQueue(
      "orkestra.implementer.requests", ImplementationRequested.class, "one per plan step, keyed by taskId/stepId");
  public static final TopicSpec<ChangeProposed> IMPLEMENTER_RESULTS = events("orkestra.implementer.results",
      ChangeProposed.class, "commits on the task branch, keyed by taskId/stepId");
  public static final TopicSpec<GateRequested> QUALITY_GATE_REQUESTS = workQueue("orkestra.quality-gate.requests",
      GateRequested.class, "quality gate runs at a commit, keyed by taskId/stepId");
  public static final TopicSpec<GateResult> QUALITY_GATE_RESULTS = events("orkestra.quality-gate.results",
      GateResult.class, "gate verdicts with checks and findings, keyed by taskId/stepId");
  public static final TopicSpec<TaskStateChanged> TASK_EVENTS = events("orkestra.task-events",
      TaskStateChanged.class, "task state transitions, keyed by taskId");
  public static final TopicSpec<HumanDecision> HUMAN_DECISIONS = events("orkestra.human-decisions",
      HumanDecision.class, "a person's answer to an escalation, keyed by taskId");
  public static final TopicSpec<ControlCommand> CONTROL = events("orkestra.control", ControlCommand.class,
      "pause/resume/stop commands, keyed by taskId");
  /**
   * What each result of the task pipeline cost, for the per-day limit: one partition, read whole by
   * every coordinator instance into a global store; keyed by the result (unique), so a result
   * processed twice is counted once, and nothing older than a day is needed.
   */
  public static final TopicSpec<ModelUsage> TASK_SPEND = new TopicSpec<>("orkestra.task-spend", ModelUsage.class,
      1, JOURNAL, "model spend of the task pipeline, keyed by day/taskId/eventId/n (UTC day of the result)");

  // ---- shared ----
  public static final TopicSpec<Failure> FAILURES = events("orkestra.failures", Failure.class,
      "role failures (permanent, or transient retries exhausted), keyed by correlationId");
  public static final TopicSpec<DeadLetter> DEAD_LETTERS = events("orkestra.dead-letters", DeadLetter.class,
      "records that could not be processed, with the reason in headers");
  public static final TopicSpec<ActionRecord> ACTION_LOG = new TopicSpec<>("orkestra.action-log",
      ActionRecord.class, WORK_PARTITIONS, JOURNAL,
      "what roles did (role:requestEventId) and the model calls they paid for (role:requestEventId:call)");

  public static final List<TopicSpec<?>> ALL = List.of(
      QUERIES, RETRIEVER_REQUESTS, RETRIEVER_RESULTS, EXTRACTOR_REQUESTS, CANDIDATES, EXTRACTOR_RESULTS,
      VERIFIER_REQUESTS, VERIFIER_RESULTS, SYNTHESIZER_REQUESTS, SYNTHESIZER_RESULTS,
      COMPOSER_REQUESTS, COMPOSER_RESULTS, AUDITOR_REQUESTS, AUDITOR_RESULTS, RESPONSES,
      TASKS, PLANNER_REQUESTS, PLANNER_RESULTS, REVIEWER_REQUESTS, REVIEWER_RESULTS,
      IMPLEMENTER_REQUESTS, IMPLEMENTER_RESULTS, QUALITY_GATE_REQUESTS, QUALITY_GATE_RESULTS,
      TASK_EVENTS, HUMAN_DECISIONS, CONTROL, TASK_SPEND, FAILURES, DEAD_LETTERS, ACTION_LOG);

  /**
   * Key of the per-step topics (implementer, quality gate): step ids ("S1") repeat across tasks,
   * so the task id is part of the key.
   */
  public static String stepKey(String taskId, String stepId) {
    return taskId + "/" + stepId;
  }

  public static Optional<TopicSpec<?>> byName(String name) {
    return ALL.stream().filter(spec -> spec.name().equals(name)).findFirst();
  }

  private static <V extends org.apache.avro.specific.SpecificRecord> TopicSpec<V> events(
      String name, Class<V> type, String description) {
    return new TopicSpec<>(name, type, WORK_PARTITIONS, DELETE, description);
  }

  /**
   * A role's request queue, read only by the role's share group (the coordinator keeps its own
   * record of what it asked in topics it reads, such as {@link #CANDIDATES}).
   */
  private static <V extends org.apache.avro.specific.SpecificRecord> TopicSpec<V> workQueue(
      String name, Class<V> type, String description) {
    return new TopicSpec<>(name, type, 1, DELETE, description);
  }
}
