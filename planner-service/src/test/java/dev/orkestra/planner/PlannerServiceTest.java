package dev.orkestra.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.task.PlanProposed;
import dev.orkestra.events.task.PlanRequested;
import dev.orkestra.events.task.PlanStep;
import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.kafka.embedded.EmbeddedKafkaExtension;
import dev.orkestra.runtime.RoleServiceConfig;
import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.TestKafka;
import dev.orkestra.runtime.source.SourcePolicy;
import dev.orkestra.runtime.testing.ScriptedModelEndpoint;
import dev.orkestra.serde.AvroSerde;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planner as deployed, on the embedded broker: the provider reads a real repository under the
 * source policy, the real langchain4j OpenAI client calls a {@link ScriptedModelEndpoint} over HTTP,
 * a plan naming a missing file is repaired once, usage is on the result, and the same request
 * published again is not paid for again.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class PlannerServiceTest {

  private static final AvroSerde<PlanRequested> REQUESTS = AvroSerde.of(PlanRequested.class);
  private static final AvroSerde<PlanProposed> RESULTS = AvroSerde.of(PlanProposed.class);
  private static final String MISSING_FILE_PLAN = """
      {"steps": [{"id": "S1", "type": "implementation", "description": "Edit hybrid",
                  "files_to_modify": ["src/search/hybrid.py"]}]}""";

  private final EmbeddedKafkaBroker broker;

  @TempDir
  Path temp;

  PlannerServiceTest(EmbeddedKafkaBroker broker) {
    this.broker = broker;
  }

  @Test
  void aPlanIsRepairedOnceOverHttpRecordedWithItsUsageAndNotPaidForTwice() throws Exception {
    var topics = TestKafka.createRoleTopics(broker, "planner", PlanRequested.class, PlanProposed.class);
    Path repo = temp.resolve("repo");
    PlannerFixtures.repository(repo);
    try (ScriptedModelEndpoint endpoint = ScriptedModelEndpoint.start()) {
      endpoint.answerWith(prompt -> prompt.contains("could not be used") ? PlannerFixtures.VALID_PLAN
          : MISSING_FILE_PLAN);
      Path models = endpoint.writeModels(temp.resolve("home"), "planner-scripted");
      ServiceContext context = new ServiceContext(broker.bootstrapServers(), temp.resolve("data"), models,
          Map.of(SourcePolicy.LOCAL_ROOTS, temp.toString()), name -> null);
      String group = "group-" + topics.requests().name();
      RoleServiceConfig<PlanRequested, PlanProposed> config = RoleServiceConfig
          .builder(PlannerServiceProvider.ROLE, broker.bootstrapServers(), topics.requests(), topics.results())
          .handlerTimeout(PlannerServiceProvider.HANDLER_TIMEOUT)
          .sharedTopics(topics.failures(), topics.deadLetters(), topics.actionLog())
          .groupId(group)
          .build();
      PlanRequested request = PlannerFixtures.request(repo, "Add a hybrid search", List.of("src/search/"));
      byte[] bytes = REQUESTS.encode(request);

      PlanProposed proposed;
      try (AutoCloseable service = new PlannerServiceProvider().start(context, config)) {
        TestKafka.produce(broker, topics.requests().name(), "T-1", bytes);
        proposed = RESULTS.decode(TestKafka.awaitRecords(broker, topics.results().name(), 1).getFirst().value());

        TestKafka.produce(broker, topics.requests().name(), "T-1", bytes);
        TestKafka.awaitQuiesced(broker.bootstrapServers(), group, topics.requests().name(), Duration.ofSeconds(2),
            topics.results().name(), topics.failures().name());
      }

      assertThat(proposed.getPlan().getSteps()).extracting(PlanStep::getId).containsExactly("S1", "S2");
      assertThat(proposed.getAuthor().getModelId()).isEqualTo("planner-scripted");
      assertThat(proposed.getAuthor().getFamily()).isEqualTo("scripted-http");
      assertThat(proposed.getEnvelope().getCausationId()).isEqualTo(request.getEnvelope().getEventId());
      // First prompt: the task and its context file read from git; second: the repair with the exact problem.
      assertThat(endpoint.callsFor("Add a hybrid search")).isEqualTo(1);
      assertThat(endpoint.callsFor("def search(q):")).isEqualTo(1);
      assertThat(endpoint.callsFor("step S1 files_to_modify 'src/search/hybrid.py' does not exist")).isEqualTo(1);
      assertThat(endpoint.calls()).as("the second publish paid for nothing").isEqualTo(2);
      assertThat(proposed.getUsage()).hasSize(2).allSatisfy(usage -> {
        assertThat(usage.getModelId()).isEqualTo("planner-scripted");
        assertThat(usage.getInputTokens()).isEqualTo(ScriptedModelEndpoint.PROMPT_TOKENS);
        assertThat(usage.getOutputTokens()).isEqualTo(ScriptedModelEndpoint.COMPLETION_TOKENS);
        assertThat(usage.getCostUsd()).isPositive();
        assertThat(usage.getReplayed()).isFalse();
      });
      assertThat(TestKafka.readAll(broker, topics.results().name())).hasSize(1);
      assertThat(TestKafka.readAll(broker, topics.failures().name())).isEmpty();
    }
  }
}
