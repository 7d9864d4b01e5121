package dev.orkestra.composer.json;

import static dev.orkestra.composer.Fixtures.AUTH_LINES;
import static dev.orkestra.composer.Fixtures.README;
import static dev.orkestra.composer.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orkestra.composer.AnswerComposer;
import dev.orkestra.composer.Fixtures;
import dev.orkestra.events.query.Answer;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.QueryResponse;
import dev.orkestra.events.query.QueryRole;
import dev.orkestra.events.query.ResponseStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputSchemaJsonTest {

  private static final Instant NOW = Instant.parse("2025-06-01T08:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void getFileRendersTheSeedsShape() throws Exception {
    Answer answer = AnswerComposer.compose(request(QueryRole.ADMIN, QueryAction.GET_FILE,
        List.of(Fixtures.wholeFile("c1", "README.md", README, 3))).setPath("README.md").build(), NOW);

    JsonNode json = JSON.readTree(OutputSchemaJson.render(answer));

    OutputSchemaValidator.validate(json);
    assertThat(fieldNames(json)).containsExactly("status", "fetched_at", "data", "sources", "message");
    assertThat(json.get("status").asText()).isEqualTo("success");
    assertThat(json.get("fetched_at").asText()).isEqualTo("2025-01-01T12:00:00Z");
    JsonNode file = json.get("data").get("file");
    assertThat(fieldNames(json.get("data"))).containsExactly("file");
    assertThat(fieldNames(file)).containsExactly("path", "content", "blob_sha", "line_count", "size");
    assertThat(file.get("content").asText()).isEqualTo(README);
    assertThat(file.get("line_count").asInt()).isEqualTo(3);
    JsonNode source = json.get("sources").get(0);
    assertThat(fieldNames(source)).containsExactly("type", "url", "ref", "commit", "path", "start_line", "end_line",
        "blob_sha", "chunk_id", "relevance_score");
    assertThat(source.get("type").asText()).isEqualTo("github");
    assertThat(source.get("ref").asText()).isEqualTo("main");
    assertThat(source.get("chunk_id").isNull()).isTrue();
    assertThat(json.get("message").asText()).isEqualTo("Verified file README.md at 0123456");
  }

  @Test
  void getLinesRendersSnakeCaseKeys() throws Exception {
    Answer answer = AnswerComposer.compose(request(QueryRole.ADMIN, QueryAction.GET_LINES,
        List.of(Fixtures.lines("c1", "backend/server.py", 45, 46, AUTH_LINES, 1.0))).build(), NOW);

    JsonNode json = JSON.readTree(OutputSchemaJson.render(answer));

    OutputSchemaValidator.validate(json);
    JsonNode lines = json.get("data").get("lines");
    assertThat(fieldNames(lines)).containsExactly("path", "start_line", "end_line", "lines", "blob_sha");
    assertThat(lines.get("lines").asText()).isEqualTo(AUTH_LINES);
    assertThat(lines.get("start_line").asInt()).isEqualTo(45);
    assertThat(json.get("sources").get(0).get("start_line").asInt()).isEqualTo(45);
    assertThat(json.get("sources").get(0).get("chunk_id").asText()).isEqualTo("chunk-c1");
    assertThat(json.get("sources").get(0).get("relevance_score").asDouble()).isEqualTo(1.0);
  }

  @Test
  void coachAnswerRendersMatchesAndLabelledCoaching() throws Exception {
    Answer answer = AnswerComposer.compose(request(QueryRole.COACH, QueryAction.EXPLAIN,
        List.of(Fixtures.lines("c1", "backend/auth.py", 10, 11, AUTH_LINES, 0.8)))
        .setQuestion("How can I add OAuth authentication?").setIncludeCoaching(true).build(), NOW);

    JsonNode json = JSON.readTree(OutputSchemaJson.render(answer));

    OutputSchemaValidator.validate(json);
    assertThat(fieldNames(json.get("data"))).containsExactly("matches", "coaching");
    JsonNode match = json.get("data").get("matches").get(0);
    assertThat(fieldNames(match)).containsExactly("path", "start_line", "end_line", "lines", "blob_sha", "score");
    assertThat(match.get("score").asDouble()).isEqualTo(0.8);
    JsonNode coaching = json.get("data").get("coaching");
    assertThat(fieldNames(coaching)).containsExactly("label", "text");
    assertThat(coaching.get("label").asText()).isEqualTo("suggestion");
    assertThat(coaching.get("text").asText()).isEqualTo("NOT_AVAILABLE: coaching requires a configured model");
  }

  @Test
  void notAvailableRendersEmptyDataObjectAndNoSources() throws Exception {
    Answer answer = AnswerComposer.compose(request(QueryRole.COACH, QueryAction.FIND, List.of()).build(), NOW);

    String rendered = OutputSchemaJson.render(answer);
    JsonNode json = JSON.readTree(rendered);

    OutputSchemaValidator.validate(rendered);
    assertThat(json.get("status").asText()).isEqualTo("not_available");
    assertThat(json.get("data").isObject()).isTrue();
    assertThat(json.get("data").isEmpty()).isTrue();
    assertThat(json.get("sources").isArray()).isTrue();
    assertThat(json.get("sources").isEmpty()).isTrue();
    assertThat(json.get("message").asText()).isEqualTo("NOT_AVAILABLE: No matches found for query");
  }

  @Test
  void queryResponseRendersOnlyTheFiveOutputSchemaFields() throws Exception {
    QueryResponse response = QueryResponse.newBuilder()
        .setEnvelope(Fixtures.envelope())
        .setStatus(ResponseStatus.ERROR)
        .setFetchedAt(Instant.parse("2025-01-01T12:00:00.999Z"))
        .setData(AnswerComposer.emptyData())
        .setMessage("ERROR: GitHub API rate limit exceeded. Resets at 2025-01-01T13:00:00")
        .setAudited(true)
        .build();

    JsonNode json = JSON.readTree(OutputSchemaJson.render(response));

    OutputSchemaValidator.validate(json);
    assertThat(fieldNames(json)).containsExactly("status", "fetched_at", "data", "sources", "message");
    assertThat(json.get("status").asText()).isEqualTo("error");
    assertThat(json.get("fetched_at").asText()).isEqualTo("2025-01-01T12:00:00Z");
  }

  @Test
  void fetchedAtIsSecondsWithZ() {
    assertThat(FetchedAtFormat.format(Instant.parse("2025-03-04T05:06:07.890Z"))).isEqualTo("2025-03-04T05:06:07Z")
        .matches(FetchedAtFormat.PATTERN);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
