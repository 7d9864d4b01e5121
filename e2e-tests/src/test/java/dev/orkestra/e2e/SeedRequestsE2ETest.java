package dev.orkestra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orkestra.cli.Orkestra;
import dev.orkestra.composer.json.OutputSchemaJson;
import dev.orkestra.composer.json.OutputSchemaValidator;
import dev.orkestra.events.query.Match;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryResponse;
import dev.orkestra.events.query.ResponseStatus;
import dev.orkestra.events.query.Source;
import dev.orkestra.runtime.source.GitRepoBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Seed 000's five test requests end to end: every service of the query pipeline running on the
 * real embedded broker, answers read from {@code orkestra.responses}, each checked against the
 * seed's {@code validate_output_schema} rules.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedRequestsE2ETest {

  private Path tmp;

  private E2EPipeline pipeline;
  private Questions questions;
  private Path repository;

  @BeforeAll
  void startSystem(@TempDir Path tmp) throws Exception {
    this.tmp = tmp;
    repository = tmp.resolve("lvl-up-agency");
    FixtureRepo.create(repository).close();
    questions = new Questions(repository);
    pipeline = E2EPipeline.of(E2ESystem.start(tmp, E2ESystem.scriptedCoaching(tmp)));
  }

  @AfterAll
  void stopSystem() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  void getFileReturnsTheFileWithItsBlobSha() throws Exception {
    QueryResponse response = ask(questions.getFile("README.md"));

    assertThat(response.getStatus()).isEqualTo(ResponseStatus.SUCCESS);
    assertThat(response.getData().getFile().getContent()).isEqualTo(FixtureRepo.read("README.md"));
    assertThat(response.getData().getFile().getBlobSha()).isEqualTo(GitRepoBuilder.blobSha(FixtureRepo.read("README.md")));
    assertThat(response.getSources()).singleElement().satisfies(source -> {
      assertThat(source.getPath()).isEqualTo("README.md");
      assertThat(source.getCommit()).isEqualTo(response.getRepo().getCommitSha());
    });
  }

  @Test
  void getLinesReturnsExactlyLines45To60() throws Exception {
    QueryResponse response = ask(questions.getLines("backend/server.py", 45, 60));

    assertThat(response.getStatus()).isEqualTo(ResponseStatus.SUCCESS);
    assertThat(response.getData().getLines().getStartLine()).isEqualTo(45);
    assertThat(response.getData().getLines().getEndLine()).isEqualTo(60);
    assertThat(response.getData().getLines().getLines()).isEqualTo(FixtureRepo.lines("backend/server.py", 45, 60));
    assertThat(response.getData().getLines().getLines().split("\n", -1)).hasSize(16);
  }

  @Test
  void aMissingFileIsNotAvailable() throws Exception {
    QueryResponse response = ask(questions.getFile("nonexistent/file.js"));

    assertThat(response.getStatus()).isEqualTo(ResponseStatus.NOT_AVAILABLE);
    assertThat(response.getMessage()).isEqualTo("NOT_AVAILABLE: file not found at path 'nonexistent/file.js'");
    assertThat(response.getSources()).isEmpty();
  }

  @Test
  void whereIsAuthenticationCitesTheAuthenticationCode() throws Exception {
    QueryResponse response = ask(questions.find("Where is authentication implemented?"));

    assertThat(response.getStatus()).isEqualTo(ResponseStatus.SUCCESS);
    assertThat(response.getData().getMatches()).isNotEmpty();
    assertThat(response.getData().getMatches().getFirst().getPath()).startsWith("backend/auth/");
    assertVerbatim(response);
  }

  @Test
  void oauthQuestionWithCoachingHasMatchesAndLabelledCoaching() throws Exception {
    QueryResponse response = ask(questions.explainWithCoaching("How can I add OAuth authentication?"));

    assertThat(response.getStatus()).isEqualTo(ResponseStatus.SUCCESS);
    assertThat(response.getData().getMatches()).isNotEmpty();
    assertThat(response.getData().getCoaching()).isNotNull();
    assertThat(response.getData().getCoaching().getLabel()).isEqualTo("suggestion");
    assertThat(response.getData().getCoaching().getText()).contains("OAuth");
    assertThat(response.getUsage()).anySatisfy(usage -> assertThat(usage.getModelId()).isEqualTo("scripted-coach"));
    assertVerbatim(response);
  }

  @Test
  void aQuestionTheRepositoryCannotAnswerIsNotAvailable() throws Exception {
    QueryResponse response = ask(questions.find("Where is the Kubernetes helm chart for the GPU scheduler?"));

    assertThat(response.getStatus()).isEqualTo(ResponseStatus.NOT_AVAILABLE);
    assertThat(response.getData().getMatches()).isEmpty();
  }

  @Test
  void theCliPrintsExactlyOneOutputSchemaObjectWithJson() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Orkestra.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));

    int exit = cli.execute("get-lines", "--bootstrap", pipeline.bootstrapServers(), "--repo", repository.toString(),
        "--path", "backend/server.py", "--lines", "45-60", "--json");

    assertThat(exit).as(err.toString()).isZero();
    OutputSchemaValidator.validate(out.toString());
    // Exactly one object and nothing else: trailing output fails the parse.
    JsonNode answer = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(out.toString());
    assertThat(answer.isObject()).isTrue();
    assertThat(answer.get("status").asText()).isEqualTo("success");
    assertThat(answer.at("/data/lines/lines").asText()).isEqualTo(FixtureRepo.lines("backend/server.py", 45, 60));
  }

  @Test
  void theCliExitsWithThreeWhenTheAnswerIsNotAvailable() {
    CommandLine cli = Orkestra.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    int exit = cli.execute("get-file", "--bootstrap", pipeline.bootstrapServers(), "--repo", repository.toString(),
        "--path", "nonexistent/file.js");
    assertThat(exit).isEqualTo(3);
  }

  /** Every cited line is the repository's, to the character. */
  private static void assertVerbatim(QueryResponse response) {
    for (Match match : response.getData().getMatches()) {
      assertThat(match.getLines()).isEqualTo(FixtureRepo.lines(match.getPath(), match.getStartLine(), match.getEndLine()));
    }
    for (Source source : response.getSources()) {
      assertThat(source.getCommit()).isEqualTo(response.getRepo().getCommitSha());
    }
  }

  /** Asks (every response checked by the seed's validate_output_schema) and keeps the JSON for inspection. */
  private QueryResponse ask(QueryRequested request) throws Exception {
    QueryResponse response = pipeline.ask(request);
    Files.writeString(tmp.resolve(request.getEnvelope().getCorrelationId() + ".json"), OutputSchemaJson.render(response));
    return response;
  }
}
