package dev.orkestra.implementer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.Failure;
import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.events.task.ChangeProposed;
import dev.orkestra.events.task.FileChange;
import dev.orkestra.events.task.FileChangeType;
import dev.orkestra.events.task.ImplementationRequested;
import dev.orkestra.implementer.backend.ModelEditBackend;
import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.kafka.embedded.EmbeddedKafkaExtension;
import dev.orkestra.runtime.RoleHandler;
import dev.orkestra.runtime.RoleModelChoice;
import dev.orkestra.runtime.RoleService;
import dev.orkestra.runtime.RoleServiceConfig;
import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.TestKafka;
import dev.orkestra.runtime.TransientFailureException;
import dev.orkestra.runtime.source.GitRepoBuilder;
import dev.orkestra.runtime.source.SourceLimits;
import dev.orkestra.runtime.source.SourcePolicy;
import dev.orkestra.runtime.testing.ScriptedModelEndpoint;
import dev.orkestra.runtime.workspace.Workspaces;
import dev.orkestra.serde.AvroSerde;
import dev.orkestra.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The implementer on the real embedded broker, against real git repositories the tests build: a
 * request becomes one commit on the task branch and one {@link ChangeProposed}. The model is the
 * scripted provider once (through the service provider, as {@code orkestra up} starts it) and
 * otherwise the real langchain4j OpenAI client talking to a {@link ScriptedModelEndpoint}, which
 * counts every call.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ImplementerServiceTest {

  private static final AvroSerde<ImplementationRequested> REQUESTS = AvroSerde.of(ImplementationRequested.class);
  private static final AvroSerde<ChangeProposed> RESULTS = AvroSerde.of(ChangeProposed.class);
  private static final AvroSerde<Failure> FAILURES = AvroSerde.of(Failure.class);

  private final EmbeddedKafkaBroker broker;

  @TempDir Path temp;
  private Path repoDir;
  private String base;

  ImplementerServiceTest(EmbeddedKafkaBroker broker) {
    this.broker = broker;
  }

  @BeforeEach
  void repository() {
    repoDir = temp.resolve("repo");
    try (GitRepoBuilder repo = GitRepoBuilder.init(repoDir).file("README.md", StepRequests.README)
        .file("src/App.java", "class App {}\n")) {
      base = repo.commit("base");
    }
  }

  @Test
  void aRequestBecomesOneCommitOnTheTaskBranchAndAChangeWithItsDiffStat() throws Exception {
    var topics = TestKafka.createRoleTopics(broker, "implementer", ImplementationRequested.class, ChangeProposed.class);
    Path models = scriptedModels(temp.resolve("home"));
    ServiceContext context = new ServiceContext(broker.bootstrapServers(), temp.resolve("data"), models,
        Map.of(SourcePolicy.LOCAL_ROOTS, temp.toString()), name -> null);
    ImplementationRequested request = StepRequests.request("RAE-002", repoDir.toString(), base, "impl-scripted")
        .build();

    ChangeProposed change;
    try (AutoCloseable service = new ImplementerServiceProvider().start(context, config(topics),
        new ModelEditBackend())) {
      change = answer(topics, request);
    }

    RevCommit head = StepRequests.commit(repoDir, "refs/heads/orkestra/RAE-002");
    assertThat(head).isNotNull();
    assertThat(head.getParent(0).name()).isEqualTo(base);
    assertThat(head.getFullMessage()).startsWith("RAE-002 S1: Mark Phase 1 as complete in the README\n")
        .contains("Orkestra-Task: RAE-002\nOrkestra-Step: S1\nOrkestra-Attempt: 1\nOrkestra-Model: impl-scripted\n"
            + "Orkestra-Request: " + request.getEnvelope().getEventId());
    assertThat(StepRequests.fileAt(repoDir, head.name(), "README.md"))
        .isEqualTo(StepRequests.README.replace("in progress", "complete"));
    assertThat(StepRequests.commit(repoDir, "refs/heads/main").name()).as("the base branch is untouched")
        .isEqualTo(base);

    assertThat(change.getEnvelope().getCausationId()).isEqualTo(request.getEnvelope().getEventId());
    assertThat(change.getTaskId()).isEqualTo("RAE-002");
    assertThat(change.getStepId()).isEqualTo("S1");
    assertThat(change.getChange().getBranch()).isEqualTo("orkestra/RAE-002");
    assertThat(change.getChange().getBaseSha()).isEqualTo(base);
    assertThat(change.getChange().getCommitSha()).isEqualTo(head.name());
    assertThat(change.getChange().getDiffStat().getFilesChanged()).isEqualTo(1);
    assertThat(change.getChange().getDiffStat().getFiles()).containsExactly(FileChange.newBuilder()
        .setPath("README.md").setChangeType(FileChangeType.MODIFIED).setInsertions(1).setDeletions(1).build());
    assertThat(change.getExplanation()).isEqualTo("The README now says Phase 1 is complete.\n\nConfidence: 0.9");
    assertThat(change.getConfidence()).isEqualTo(0.9);
    assertThat(change.getAuthor().getModelId()).isEqualTo("impl-scripted");
    assertThat(change.getAuthor().getFamily()).isEqualTo("scripted");
    assertThat(change.getAuthor().getProvider()).isEqualTo("scripted");
    assertThat(change.getUsage()).singleElement().satisfies(usage -> {
      assertThat(usage.getModelId()).isEqualTo("impl-scripted");
      assertThat(usage.getReplayed()).isFalse();
    });
  }

  @Test
  void aSearchThatMatchesNothingIsRepairedInASecondCallShowingTheNearestLines() throws Exception {
    var topics = TestKafka.createRoleTopics(broker, "implementer-repair", ImplementationRequested.class,
        ChangeProposed.class);
    List<String> prompts = new CopyOnWriteArrayList<>();
    try (ScriptedModelEndpoint endpoint = ScriptedModelEndpoint.start()) {
      endpoint.answerWith(prompt -> {
        prompts.add(prompt);
        // The first reply misremembers the line; the repair copies it from the lines shown.
        return prompts.size() == 1 ? StepRequests.completeReply().replace("Phase 1: in progress.", "Phase 1: started.")
            : StepRequests.completeReply();
      });
      ImplementationRequested request = StepRequests.request("RAE-003", repoDir.toString(), base, "impl-http")
          .build();
      ChangeProposed change;
      try (RoleService<ImplementationRequested, ChangeProposed> service = service(topics, endpoint, null)) {
        change = answer(topics, request);
      }

      assertThat(endpoint.calls()).isEqualTo(2);
      assertThat(prompts.get(0)).contains("# Step S1 to carry out now").contains("Phase 1: in progress.");
      assertThat(prompts.get(1)).contains("1 of your edit blocks could not be applied")
          .contains("README.md: the SEARCH section matches no lines of README.md")
          .contains("Phase 1: started.")
          .contains("Did you mean these actual lines of README.md (lines 1-3)?")
          .contains("Phase 1: in progress.");
      assertThat(StepRequests.fileAt(repoDir, change.getChange().getCommitSha(), "README.md"))
          .contains("Phase 1: complete.");
      assertThat(change.getUsage()).hasSize(2).allSatisfy(usage -> {
        assertThat(usage.getProvider()).isEqualTo("openai");
        assertThat(usage.getInputTokens()).isEqualTo(ScriptedModelEndpoint.PROMPT_TOKENS);
      });
    }
  }

  @Test
  void aRunAgainAfterThePublishMakesNoSecondCommitAndNoSecondModelCall() throws Exception {
    var topics = TestKafka.createRoleTopics(broker, "implementer-again", ImplementationRequested.class,
        ChangeProposed.class);
    try (ScriptedModelEndpoint endpoint = ScriptedModelEndpoint.start()) {
      endpoint.answerWith(prompt -> StepRequests.completeReply());
      ImplementationRequested request = StepRequests.request("RAE-004", repoDir.toString(), base, "impl-http")
          .build();
      AtomicBoolean crashed = new AtomicBoolean();
      ChangeProposed change;
      // The first run commits and publishes, then fails before its result is written — as a crash
      // there would; the runtime runs the handler again for the same request.
      try (RoleService<ImplementationRequested, ChangeProposed> service = service(topics, endpoint, crashed)) {
        change = answer(topics, request);
        // The same request published again (a producer retry) is answered by the action log.
        TestKafka.produce(broker, topics.requests().name(), key(request), REQUESTS.encode(request));
        TestKafka.awaitQuiesced(broker.bootstrapServers(), "group-" + topics.requests().name(),
            topics.requests().name(), Duration.ofSeconds(2), topics.results().name());
      }

      assertThat(crashed).isTrue();
      assertThat(endpoint.calls()).isEqualTo(1);
      RevCommit head = StepRequests.commit(repoDir, "refs/heads/orkestra/RAE-004");
      assertThat(head.getParent(0).name()).as("one commit on the base").isEqualTo(base);
      assertThat(change.getChange().getCommitSha()).isEqualTo(head.name());
      assertThat(change.getUsage()).singleElement().extracting(ModelUsage::getReplayed).isEqualTo(true);
      assertThat(TestKafka.readAll(broker, topics.results().name())).hasSize(1);
      assertThat(TestKafka.readAll(broker, topics.failures().name())).isEmpty();
    }
  }

  @Test
  void aModelCallLongerThanTheDeliveryIsJoinedByTheContinuationsAndCommittedOnce() throws Exception {
    var topics = TestKafka.createRoleTopics(broker, "implementer-long", ImplementationRequested.class,
        ChangeProposed.class);
    try (ScriptedModelEndpoint endpoint = ScriptedModelEndpoint.start()) {
      endpoint.answerWith(prompt -> StepRequests.completeReply());
      endpoint.holdNext(1, Duration.ofSeconds(7));
      ImplementationRequested request = StepRequests.request("RAE-008", repoDir.toString(), base, "impl-http")
          .build();
      ChangeProposed change;
      // Deliveries of about 1.6 s: the 7 s call outlives several of them.
      try (RoleService<ImplementationRequested, ChangeProposed> service = new RoleService<>(
          config(topics, Duration.ofSeconds(2)), handler(endpoint)).start()) {
        change = answer(topics, request);
      }

      assertThat(endpoint.calls()).isEqualTo(1);
      assertThat(TestKafka.readAll(broker, topics.requests().name())).as("the request and its continuations")
          .hasSizeGreaterThan(2);
      RevCommit head = StepRequests.commit(repoDir, "refs/heads/orkestra/RAE-008");
      assertThat(head.getParent(0).name()).isEqualTo(base);
      assertThat(change.getChange().getCommitSha()).isEqualTo(head.name());
      assertThat(TestKafka.readAll(broker, topics.results().name())).hasSize(1);
    }
  }

  @Test
  void aRetryEditsTheFirstAttemptAndReplacesItWithOneCommitOfTheStepOnTheHead() throws Exception {
    var topics = TestKafka.createRoleTopics(broker, "implementer-retry", ImplementationRequested.class,
        ChangeProposed.class);
    List<String> prompts = new CopyOnWriteArrayList<>();
    try (ScriptedModelEndpoint endpoint = ScriptedModelEndpoint.start()) {
      endpoint.answerWith(prompt -> {
        prompts.add(prompt);
        return prompt.contains("# Feedback on the previous attempt") ? """
            Adds the date the reviewer asked for.
            README.md
            <<<<<<< SEARCH
            Phase 1: complete.
            =======
            Phase 1: complete (2026-12-01).
            >>>>>>> REPLACE
            """ : StepRequests.completeReply();
      });
      ImplementationRequested first = StepRequests.request("RAE-005", repoDir.toString(), base, "impl-http").build();
      ImplementationRequested second = StepRequests.request("RAE-005", repoDir.toString(), base, "impl-http")
          .setAttempt(2).setFeedback(List.of("Say when Phase 1 was completed.")).build();
      ChangeProposed one;
      ChangeProposed two;
      try (RoleService<ImplementationRequested, ChangeProposed> service = service(topics, endpoint, null)) {
        one = answer(topics, first);
        two = answerNext(topics, second, 2);
      }

      RevCommit head = StepRequests.commit(repoDir, "refs/heads/orkestra/RAE-005");
      assertThat(head.name()).isEqualTo(two.getChange().getCommitSha());
      assertThat(head.getParent(0).name()).as("one commit per step, on the coordinator's head").isEqualTo(base);
      assertThat(head.name()).isNotEqualTo(one.getChange().getCommitSha());
      assertThat(head.getFullMessage()).contains("Orkestra-Attempt: 2");
      assertThat(two.getChange().getBaseSha()).isEqualTo(base);
      assertThat(two.getChange().getDiffStat().getFiles()).singleElement()
          .satisfies(f -> assertThat(f.getInsertions()).isEqualTo(1));
      assertThat(StepRequests.fileAt(repoDir, head.name(), "README.md")).contains("Phase 1: complete (2026-12-01).");
      assertThat(prompts.get(1)).startsWith("# Feedback on the previous attempt (address every point)\n"
          + "- Say when Phase 1 was completed.\n").contains("the task branch holds an earlier attempt of this step");
    }
  }

  @Test
  void aRemoteStandInGetsTheTaskBranchAndItsBaseBranchIsUntouched() throws Exception {
    var topics = TestKafka.createRoleTopics(broker, "implementer-remote", ImplementationRequested.class,
        ChangeProposed.class);
    Path bare = temp.resolve("remote.git");
    Git.cloneRepository().setURI(repoDir.toUri().toString()).setBare(true).setDirectory(bare.toFile()).call().close();
    try (ScriptedModelEndpoint endpoint = ScriptedModelEndpoint.start()) {
      endpoint.answerWith(prompt -> StepRequests.completeReply());
      String url = bare.toUri().toString();
      ImplementationRequested request = StepRequests.request("RAE-006", url, base, "impl-http").build();
      ChangeProposed change;
      try (RoleService<ImplementationRequested, ChangeProposed> service = service(topics, endpoint, null)) {
        change = answer(topics, request);
      }

      RevCommit head = StepRequests.commit(bare, "refs/heads/orkestra/RAE-006");
      assertThat(head.name()).isEqualTo(change.getChange().getCommitSha());
      assertThat(StepRequests.fileAt(bare, head.name(), "README.md")).contains("Phase 1: complete.");
      assertThat(StepRequests.commit(bare, "refs/heads/main").name()).isEqualTo(base);
      assertThat(StepRequests.commit(repoDir, "refs/heads/orkestra/RAE-006")).as("only the remote was written")
          .isNull();
    }
  }

  @Test
  void aBranchMovedByAPersonIsAPermanentFailureNamingBothHeads() throws Exception {
    var topics = TestKafka.createRoleTopics(broker, "implementer-moved", ImplementationRequested.class,
        ChangeProposed.class);
    String person;
    try (Git git = Git.open(repoDir.toFile())) {
      git.branchCreate().setName("orkestra/RAE-007").setStartPoint(base).call();
      git.checkout().setName("orkestra/RAE-007").call();
      Files.writeString(repoDir.resolve("NOTES.md"), "a person's note\n");
      git.add().addFilepattern("NOTES.md").call();
      person = git.commit().setMessage("a person's note").setAuthor("P", "p@example.org").setSign(false).call()
          .name();
      git.checkout().setName("main").call();
    }
    try (ScriptedModelEndpoint endpoint = ScriptedModelEndpoint.start()) {
      ImplementationRequested request = StepRequests.request("RAE-007", repoDir.toString(), base, "impl-http")
          .build();
      Failure failure;
      try (RoleService<ImplementationRequested, ChangeProposed> service = service(topics, endpoint, null)) {
        TestKafka.produce(broker, topics.requests().name(), key(request), REQUESTS.encode(request));
        failure = FAILURES.decode(TestKafka.awaitRecords(broker, topics.failures().name(), 1).getFirst().value());
      }

      assertThat(failure.getCode()).isEqualTo("branch_moved");
      assertThat(failure.getReason()).contains(person).contains(base).contains("a commit not made by the implementer");
      assertThat(endpoint.calls()).as("nothing was paid for").isZero();
      assertThat(StepRequests.commit(repoDir, "refs/heads/orkestra/RAE-007").name()).isEqualTo(person);
    }
  }

  private RoleService<ImplementationRequested, ChangeProposed> service(
      TestKafka.RoleTopics<ImplementationRequested, ChangeProposed> topics, ScriptedModelEndpoint endpoint,
      AtomicBoolean crashAfterFirstRun) {
    ImplementerHandler handler = handler(endpoint);
    RoleHandler<ImplementationRequested, ChangeProposed> run = crashAfterFirstRun == null ? handler : request -> {
      ChangeProposed result = handler.handle(request);
      if (crashAfterFirstRun.compareAndSet(false, true)) {
        throw new TransientFailureException("stopped after the publish, before the result");
      }
      return result;
    };
    return new RoleService<>(config(topics), run).start();
  }

  private ImplementerHandler handler(ScriptedModelEndpoint endpoint) {
    Path models = endpoint.writeModels(temp.resolve("home-http"), "impl-http");
    return new ImplementerHandler(
        new Workspaces(temp.resolve("ws"), SourcePolicy.localRoots(temp), SourceLimits.DEFAULT,
            Map.<String, String>of()::get),
        RoleModelChoice.load(ImplementerServiceProvider.ROLE, models, null, name -> null), new ModelEditBackend());
  }

  private RoleServiceConfig<ImplementationRequested, ChangeProposed> config(
      TestKafka.RoleTopics<ImplementationRequested, ChangeProposed> topics) {
    return config(topics, Duration.ofSeconds(15));
  }

  private RoleServiceConfig<ImplementationRequested, ChangeProposed> config(
      TestKafka.RoleTopics<ImplementationRequested, ChangeProposed> topics, Duration lock) {
    return RoleServiceConfig
        .builder(ImplementerServiceProvider.ROLE, broker.bootstrapServers(), topics.requests(), topics.results())
        .sharedTopics(topics.failures(), topics.deadLetters(), topics.actionLog())
        .groupId("group-" + topics.requests().name())
        .handlerTimeout(ImplementerServiceProvider.HANDLER_TIMEOUT)
        .lockDuration(lock)
        .build();
  }

  private ChangeProposed answer(TestKafka.RoleTopics<ImplementationRequested, ChangeProposed> topics,
      ImplementationRequested request) {
    return answerNext(topics, request, 1);
  }

  private ChangeProposed answerNext(TestKafka.RoleTopics<ImplementationRequested, ChangeProposed> topics,
      ImplementationRequested request, int count) {
    TestKafka.produce(broker, topics.requests().name(), key(request), REQUESTS.encode(request));
    List<ConsumerRecord<String, byte[]>> records = TestKafka.awaitRecords(broker, topics.results().name(), count);
    ConsumerRecord<String, byte[]> last = records.get(count - 1);
    assertThat(last.key()).isEqualTo(key(request));
    return RESULTS.decode(last.value());
  }

  private static String key(ImplementationRequested request) {
    return Topics.stepKey(request.getTask().getTaskId(), request.getStep().getId());
  }

  private static Path scriptedModels(Path dir) throws Exception {
    return StepRequests.scriptedModels(dir, """
        - role: implementer
          match: "Step S1 to carry out now"
          response: |
        %s
          inputTokens: 2000
          outputTokens: 80
        """.formatted(StepRequests.completeReply().indent(4).stripTrailing()));
  }
}
