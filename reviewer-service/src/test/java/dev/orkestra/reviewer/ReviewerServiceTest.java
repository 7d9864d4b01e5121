package dev.orkestra.reviewer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.events.task.ReviewCompleted;
import dev.orkestra.events.task.ReviewRequested;
import dev.orkestra.events.task.ReviewSubject;
import dev.orkestra.events.task.Verdict;
import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.kafka.embedded.EmbeddedKafkaExtension;
import dev.orkestra.runtime.RoleServiceConfig;
import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.TestKafka;
import dev.orkestra.runtime.source.GitRepoBuilder;
import dev.orkestra.runtime.source.SourcePolicy;
import dev.orkestra.runtime.testing.ScriptedModelEndpoint;
import dev.orkestra.serde.AvroSerde;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reviewer as deployed, on the embedded broker: a code review of a real two-commit repository,
 * the model called over HTTP by the real langchain4j OpenAI client, one repair round, usage on the
 * result, and the same request published again answered by nobody paying again.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ReviewerServiceTest {

  private static final AvroSerde<ReviewRequested> REQUESTS = AvroSerde.of(ReviewRequested.class);
  private static final AvroSerde<ReviewCompleted> RESULTS = AvroSerde.of(ReviewCompleted.class);
  private static final String REVIEW = """
      ```json
      {"step_id": "S1", "status": "needs_changes",
       "review": {"correctness": 7, "code_quality": 8, "test_coverage": "missing",
                  "required_changes": ["Add a test for search returning the query"]}}
      ```""";

  private final EmbeddedKafkaBroker broker;

  @TempDir
  Path temp;

  ReviewerServiceTest(EmbeddedKafkaBroker broker) {
    this.broker = broker;
  }

  @Test
  void aCodeReviewReadsTheDiffFromGitRepairsOnceOverHttpAndIsPaidOnce() throws Exception {
    var topics = TestKafka.createRoleTopics(broker, "reviewer", ReviewRequested.class, ReviewCompleted.class);
    Path repo = temp.resolve("repo");
    String base;
    String commit;
    try (GitRepoBuilder git = GitRepoBuilder.init(repo)) {
      base = git.file("src/engine.py", "def search(q):\n    return []\n").file("AGENTS.md", "Test everything.\n")
          .commit("base");
      commit = git.file("src/engine.py", "def search(q):\n    return [q]\n").commit("S1");
    }
    try (ScriptedModelEndpoint endpoint = ScriptedModelEndpoint.start()) {
      endpoint.answerWith(prompt -> prompt.contains("could not be used") ? REVIEW : "Looks good to me overall.");
      Path models = endpoint.writeModels(temp.resolve("home"), "reviewer-http");
      ServiceContext context = new ServiceContext(broker.bootstrapServers(), temp.resolve("data"), models,
          Map.of(SourcePolicy.LOCAL_ROOTS, temp.toString()), name -> null);
      String group = "group-" + topics.requests().name();
      RoleServiceConfig<ReviewRequested, ReviewCompleted> config = RoleServiceConfig
          .builder(ReviewerServiceProvider.ROLE, broker.bootstrapServers(), topics.requests(), topics.results())
          .handlerTimeout(ReviewerServiceProvider.HANDLER_TIMEOUT)
          .sharedTopics(topics.failures(), topics.deadLetters(), topics.actionLog())
          .groupId(group)
          .build();
      ReviewRequested request = ReviewerFixtures.codeReview(repo,
          ModelRef.newBuilder().setModelId("reviewer-http").setFamily("scripted-http").build(), base, commit);
      byte[] bytes = REQUESTS.encode(request);

      ReviewCompleted review;
      try (AutoCloseable service = new ReviewerServiceProvider().start(context, config)) {
        TestKafka.produce(broker, topics.requests().name(), "T-1", bytes);
        review = RESULTS.decode(TestKafka.awaitRecords(broker, topics.results().name(), 1).getFirst().value());

        TestKafka.produce(broker, topics.requests().name(), "T-1", bytes);
        TestKafka.awaitQuiesced(broker.bootstrapServers(), group, topics.requests().name(), Duration.ofSeconds(2),
            topics.results().name(), topics.failures().name());
      }

      assertThat(review.getSubject()).isEqualTo(ReviewSubject.CODE);
      assertThat(review.getStepId()).isEqualTo("S1");
      assertThat(review.getCommitSha()).isEqualTo(commit);
      assertThat(review.getVerdict()).isEqualTo(Verdict.NEEDS_CHANGES);
      assertThat(review.getRequiredChanges()).containsExactly("Add a test for search returning the query");
      assertThat(review.getScores().getCorrectness()).isEqualTo(7);
      assertThat(review.getScores().getTestCoverage()).isEqualTo("missing");
      assertThat(review.getEnvelope().getCausationId()).isEqualTo(request.getEnvelope().getEventId());
      // The first prompt held the diff and the policy file read from git; the second was the repair.
      assertThat(endpoint.callsFor("+    return [q]")).isEqualTo(1);
      assertThat(endpoint.callsFor("Test everything.")).isEqualTo(1);
      assertThat(endpoint.callsFor("could not be used")).isEqualTo(1);
      assertThat(endpoint.calls()).as("the second publish paid for nothing").isEqualTo(2);
      assertThat(review.getUsage()).hasSize(2).allSatisfy(usage -> {
        assertThat(usage.getModelId()).isEqualTo("reviewer-http");
        assertThat(usage.getInputTokens()).isEqualTo(ScriptedModelEndpoint.PROMPT_TOKENS);
        assertThat(usage.getOutputTokens()).isEqualTo(ScriptedModelEndpoint.COMPLETION_TOKENS);
        assertThat(usage.getReplayed()).isFalse();
      });
      assertThat(review.getUsage().stream().mapToDouble(ModelUsage::getCostUsd).sum()).isPositive();
      assertThat(TestKafka.readAll(broker, topics.results().name())).hasSize(1);
      assertThat(TestKafka.readAll(broker, topics.failures().name())).isEmpty();
    }
  }
}
