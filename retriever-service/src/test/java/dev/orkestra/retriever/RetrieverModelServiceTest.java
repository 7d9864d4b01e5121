package dev.orkestra.retriever;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.ActionKind;
import dev.orkestra.events.common.ActionRecord;
import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Candidate;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.ReadStatus;
import dev.orkestra.events.query.RetrievalCompleted;
import dev.orkestra.events.query.RetrievalRequested;
import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.kafka.embedded.EmbeddedKafkaExtension;
import dev.orkestra.retriever.fixtures.DemoRepo;
import dev.orkestra.retriever.index.IndexProgressListener;
import dev.orkestra.retriever.rerank.CandidateReranker;
import dev.orkestra.retriever.rerank.QueryRewrite;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.runtime.RoleServiceConfig;
import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.TestKafka;
import dev.orkestra.runtime.source.GitRepoBuilder;
import dev.orkestra.runtime.source.SourcePolicy;
import dev.orkestra.runtime.testing.ScriptedModelEndpoint;
import dev.orkestra.serde.AvroSerde;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retriever model as deployed: {@code orkestra.retriever.model} names a model of the registry,
 * the provider starts the role on the embedded broker, and the real langchain4j OpenAI client calls
 * a {@link ScriptedModelEndpoint} over HTTP. Each call is journaled in the action log under its own
 * name, made once, and what it cost is on the result.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class RetrieverModelServiceTest {

  private static final AvroSerde<RetrievalRequested> REQUESTS = AvroSerde.of(RetrievalRequested.class);
  private static final AvroSerde<RetrievalCompleted> RESULTS = AvroSerde.of(RetrievalCompleted.class);
  private static final AvroSerde<ActionRecord> ENTRIES = AvroSerde.of(ActionRecord.class);
  private static final Pattern AUTH_CANDIDATE = Pattern.compile("(?m)^\\[(\\d+)] backend/auth\\.py:");
  private static final double COST = ScriptedModelEndpoint.PROMPT_TOKENS * 3.0 / 1e6
      + ScriptedModelEndpoint.COMPLETION_TOKENS * 15.0 / 1e6;

  private final EmbeddedKafkaBroker broker;

  @TempDir
  Path temp;

  RetrieverModelServiceTest(EmbeddedKafkaBroker broker) {
    this.broker = broker;
  }

  @Test
  void theConfiguredModelRewritesAndReranksOverHttpOnceEachWithItsCostOnTheResult() throws Exception {
    var topics = TestKafka.createRoleTopics(broker, "retriever-model", RetrievalRequested.class,
        RetrievalCompleted.class);
    try (GitRepoBuilder repo = DemoRepo.build(temp.resolve("repo"))) {
      repo.commit("first");
    }
    try (ScriptedModelEndpoint endpoint = ScriptedModelEndpoint.start()) {
      // The model answers in code fences; its rerank keeps the first auth.py candidate shown, then candidate 1.
      endpoint.answerWith(prompt -> {
        if (prompt.startsWith(QueryRewrite.HEADER)) {
          return "```json\n{\"terms\": [\"authenticate\", \"verify_password\"]}\n```";
        }
        Matcher auth = AUTH_CANDIDATE.matcher(prompt);
        return auth.find() ? "```\n{\"keep\": [" + auth.group(1) + ", 1]}\n```" : "{\"keep\": []}";
      });
      Path models = endpoint.writeModels(temp.resolve("home"), "retriever-http");
      ServiceContext context = new ServiceContext(broker.bootstrapServers(), temp.resolve("data"), models,
          Map.of(SourcePolicy.LOCAL_ROOTS, temp.toString(), RetrieverModel.SETTING, "retriever-http"), name -> null);
      RoleServiceConfig<RetrievalRequested, RetrievalCompleted> config = RoleServiceConfig
          .builder(RetrieverProvider.ROLE, broker.bootstrapServers(), topics.requests(), topics.results())
          .sharedTopics(topics.failures(), topics.deadLetters(), topics.actionLog())
          .groupId("group-" + topics.requests().name())
          .concurrency(1)
          .build();
      RetrievalRequested request = RetrievalRequested.newBuilder()
          .setEnvelope(Envelopes.start("q-model", "test")).setAction(QueryAction.FIND)
          .setRepo(RepoRef.newBuilder().setKind(RepoKind.LOCAL).setRepo(temp.resolve("repo").toString()).build())
          .setQuestion("Where does the login route check the credentials?").build();

      RetrievalCompleted result;
      try (AutoCloseable service = new RetrieverProvider().start(context, config, IndexProgressListener.NONE)) {
        TestKafka.produce(broker, topics.requests().name(), "q-model", REQUESTS.encode(request));
        List<ConsumerRecord<String, byte[]>> records = TestKafka.awaitRecords(broker, topics.results().name(), 1);
        result = RESULTS.decode(records.getFirst().value());
      }

      assertThat(result.getStatus()).isEqualTo(ReadStatus.OK);
      assertThat(result.getCandidates()).extracting(Candidate::getPath)
          .containsExactly("backend/auth.py", "backend/server.py");
      assertThat(endpoint.calls()).isEqualTo(2);
      assertThat(endpoint.callsFor(QueryRewrite.HEADER)).isEqualTo(1);
      assertThat(endpoint.callsFor(CandidateReranker.HEADER)).isEqualTo(1);
      assertThat(endpoint.repeatedPrompts()).isEmpty();
      assertThat(result.getUsage()).hasSize(2).allSatisfy(usage -> {
        assertThat(usage.getModelId()).isEqualTo("retriever-http");
        assertThat(usage.getProvider()).isEqualTo("openai");
        assertThat(usage.getInputTokens()).isEqualTo(ScriptedModelEndpoint.PROMPT_TOKENS);
        assertThat(usage.getOutputTokens()).isEqualTo(ScriptedModelEndpoint.COMPLETION_TOKENS);
        assertThat(usage.getCostUsd()).isCloseTo(COST, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(usage.getReplayed()).isFalse();
      });
      assertThat(result.getUsage().stream().mapToDouble(ModelUsage::getCostUsd).sum())
          .isCloseTo(2 * COST, org.assertj.core.data.Offset.offset(1e-12));
      // Both calls were journaled before their answers were used, each under its own name.
      assertThat(journaledCallNames(topics.actionLog().name(), request.getEnvelope().getEventId()))
          .containsExactlyInAnyOrder("model-1", "model-2");
      assertThat(TestKafka.readAll(broker, topics.failures().name())).isEmpty();
    }
  }

  /** Names of the CALL entries ever written for the request (their outcome tombstones them later). */
  private List<String> journaledCallNames(String actionLog, String requestEventId) {
    return TestKafka.readAll(broker, actionLog).stream()
        .map(ConsumerRecord::value)
        .filter(Objects::nonNull)
        .map(ENTRIES::decode)
        .filter(entry -> entry.getKind() == ActionKind.CALL && entry.getRequestEventId().equals(requestEventId))
        .map(ActionRecord::getCallName)
        .distinct()
        .toList();
  }
}
