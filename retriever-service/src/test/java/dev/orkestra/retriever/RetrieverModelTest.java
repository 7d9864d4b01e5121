package dev.orkestra.retriever;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Candidate;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.RetrievalCompleted;
import dev.orkestra.events.query.RetrievalRequested;
import dev.orkestra.models.ModelRegistry;
import dev.orkestra.retriever.fixtures.DemoRepo;
import dev.orkestra.retriever.fixtures.TestEmbedders;
import dev.orkestra.retriever.index.IndexManager;
import dev.orkestra.retriever.index.IndexProgressListener;
import dev.orkestra.retriever.search.HybridSearcher;
import dev.orkestra.retriever.search.RelevanceGate;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.runtime.RoleRequest;
import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.source.GitRepoBuilder;
import dev.orkestra.runtime.source.LocalGitSource;
import dev.orkestra.runtime.source.SourceLimits;
import dev.orkestra.runtime.source.SourcePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional retriever model through the handler, with the {@code scripted} provider of the real registry. */
class RetrieverModelTest {

  /** The search ranks the route (server.py) above the function that checks the credentials (auth.py). */
  private static final String QUESTION = "Where does the login route check the credentials?";
  private static final Map<String, String> FILES = Map.of("backend/server.py", DemoRepo.SERVER, "backend/auth.py",
      DemoRepo.AUTH, "backend/models.py", DemoRepo.MODELS, "frontend/src/App.jsx", DemoRepo.APP,
      "frontend/src/api.js", DemoRepo.API, "README.md", DemoRepo.README, "docs/deploy.md", DemoRepo.DEPLOY);

  @TempDir
  Path temp;

  private GitRepoBuilder repo;
  private LocalGitSource reader;
  private IndexManager indexes;

  @BeforeEach
  void setUp() {
    repo = DemoRepo.build(temp.resolve("repo"));
    repo.commit("first");
    reader = new LocalGitSource(temp.resolve("clones"), SourceLimits.DEFAULT, SourcePolicy.localRoots(temp));
    indexes = new IndexManager(temp.resolve("index"), TestEmbedders.shared(), IndexProgressListener.NONE);
  }

  @AfterEach
  void tearDown() {
    indexes.close();
    reader.close();
    repo.close();
  }

  @Test
  void theModelsRerankPutsTheFileThatChecksTheCredentialsFirstAndItsUsageIsRecorded() throws Exception {
    RetrievalCompleted alone = handle(handler(Optional.empty()), QUESTION);
    RetrievalCompleted assisted = handle(handler(model(promotingAuth())), QUESTION);

    assertThat(alone.getCandidates().getFirst().getPath()).isEqualTo("backend/server.py");
    assertThat(alone.getUsage()).isEmpty();
    List<Candidate> candidates = assisted.getCandidates();
    assertThat(candidates.getFirst().getPath()).isEqualTo("backend/auth.py");
    assertThat(candidates).extracting(Candidate::getCandidateId)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, candidates.size()).mapToObj(n -> "q7-c" + n).toList());
    // Best first by score too: the coordinator orders verified candidates by score.
    assertThat(candidates).extracting(Candidate::getScore).isSortedAccordingTo(Comparator.reverseOrder());
    // Every candidate is a real chunk of a real file at the commit.
    assertThat(candidates).allSatisfy(c -> {
      assertThat(FILES).containsKey(c.getPath());
      assertThat(c.getBlobSha()).isEqualTo(GitRepoBuilder.blobSha(FILES.get(c.getPath())));
      assertThat(c.getChunkId()).isEqualTo(c.getBlobSha().substring(0, 12) + ":" + c.getStartLine() + "-" + c.getEndLine());
    });
    assertThat(assisted.getUsage()).hasSize(2);
    ModelUsage rewrite = assisted.getUsage().get(0);
    ModelUsage rerank = assisted.getUsage().get(1);
    assertThat(rewrite.getModelId()).isEqualTo("retriever-scripted");
    assertThat(rewrite.getProvider()).isEqualTo("scripted");
    assertThat(rewrite.getInputTokens()).isEqualTo(120);
    assertThat(rewrite.getOutputTokens()).isEqualTo(20);
    assertThat(rewrite.getCostUsd()).isCloseTo(120 * 3.0 / 1e6 + 20 * 15.0 / 1e6, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(rerank.getInputTokens()).isEqualTo(400);
    assertThat(rerank.getOutputTokens()).isEqualTo(10);
    assertThat(rerank.getCostUsd()).isCloseTo(400 * 3.0 / 1e6 + 10 * 15.0 / 1e6, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(assisted.getUsage()).noneMatch(ModelUsage::getReplayed);
  }

  @Test
  void repliesThatCannotBeUsedLeaveTheCandidatesExactlyAsSearchFoundThem() throws Exception {
    Path models = registry("""
        - role: retriever
          response: "I would look at backend/oauth.py:1-40, it surely has it."
          inputTokens: 100
          outputTokens: 15
        """);

    RetrievalCompleted alone = handle(handler(Optional.empty()), QUESTION);
    RetrievalCompleted assisted = handle(handler(model(models)), QUESTION);

    assertThat(assisted.getCandidates()).isEqualTo(alone.getCandidates());
    assertThat(assisted.getUsage()).hasSize(2).allSatisfy(u -> assertThat(u.getInputTokens()).isEqualTo(100));
  }

  @Test
  void aQuestionTheGateRefusesStaysRefusedAndCallsNoModel() throws Exception {
    // This script answers any call: a call made would show in the usage.
    Path models = registry("""
        - role: retriever
          response: '{"terms": ["invoice", "pdf"], "keep": [1]}'
        """);

    RetrievalCompleted result = handle(handler(model(models)), "How are invoices exported to PDF?");

    assertThat(result.getCandidates()).isEmpty();
    assertThat(result.getUsage()).isEmpty();
  }

  @Test
  void theModelIsOffUnlessTheSettingNamesAUsableOne() throws Exception {
    Path models = promotingAuth();
    Path broken = Files.writeString(temp.resolve("broken.yaml"), "models: [ {id: x, provider: nope} ]\n");

    assertThat(RetrieverModel.from(context(broken, Map.of()))).isEmpty();
    assertThat(RetrieverModel.from(context(models, Map.of(RetrieverModel.SETTING, " ")))).isEmpty();
    assertThat(RetrieverModel.from(context(models, Map.of(RetrieverModel.SETTING, "gpt-nowhere")))).isEmpty();
    assertThat(RetrieverModel.from(context(broken, Map.of(RetrieverModel.SETTING, "retriever-scripted")))).isEmpty();
    assertThat(RetrieverModel.from(context(models, Map.of(RetrieverModel.SETTING, "retriever-scripted"))))
        .hasValueSatisfying(m -> assertThat(m.spec().id()).isEqualTo("retriever-scripted"));
    assertThat(RetrieverModel.SETTING).isEqualTo("orkestra.retriever.model");
  }

  /**
   * A scripted model that proposes a few terms (one the repository lacks) and, wherever the prompt
   * shows backend/auth.py first, keeps that candidate first (followed by numbers that were shown or
   * not, and repeats: the parser keeps what names a shown candidate once).
   */
  private Path promotingAuth() throws IOException {
    String reranks = IntStream.rangeClosed(1, 20).mapToObj(k -> """
        - role: retriever
          match: '(?m)^\\[%d\\] backend/auth\\.py:'
          response: |
            ```json
            {"keep": [%d, %s]}
            ```
          inputTokens: 400
          outputTokens: 10
        """.formatted(k, k, IntStream.rangeClosed(1, 25).mapToObj(Integer::toString).collect(Collectors.joining(", "))))
        .collect(Collectors.joining());
    return registry("""
        - role: retriever
          match: '^Code terms for this question'
          response: '{"terms": ["authenticate", "verify_password", "AuthService"]}'
          inputTokens: 120
          outputTokens: 20
        """ + reranks);
  }

  private Path registry(String script) throws IOException {
    Path dir = Files.createDirectories(temp.resolve("models-" + System.nanoTime()));
    Files.writeString(dir.resolve("retriever-script.yaml"), script);
    return Files.writeString(dir.resolve("models.yaml"), """
        models:
          - id: retriever-scripted
            provider: scripted
            model: scripted-1
            family: scripted
            script: retriever-script.yaml
            inputPricePerMillion: 3.0
            outputPricePerMillion: 15.0
        """);
  }

  private static Optional<RetrieverModel> model(Path models) {
    ModelRegistry registry = ModelRegistry.load(models, name -> null);
    return Optional.of(new RetrieverModel(registry, registry.model("retriever-scripted")));
  }

  private ServiceContext context(Path models, Map<String, String> settings) {
    return new ServiceContext("localhost:1", temp.resolve("data"), models, settings, name -> null);
  }

  private RetrieverHandler handler(Optional<RetrieverModel> model) {
    return new RetrieverHandler(reader, indexes, new HybridSearcher(TestEmbedders.shared(), RelevanceGate.DEFAULT), model);
  }

  private RetrievalCompleted handle(RetrieverHandler handler, String question) throws Exception {
    RetrievalRequested request = RetrievalRequested.newBuilder()
        .setEnvelope(Envelopes.start("q7", "test"))
        .setAction(QueryAction.FIND)
        .setRepo(RepoRef.newBuilder().setKind(RepoKind.LOCAL).setRepo(repo.dir().toString()).build())
        .setQuestion(question)
        .build();
    return handler.handle(RoleRequest.direct(request, "retriever@test"));
  }
}
