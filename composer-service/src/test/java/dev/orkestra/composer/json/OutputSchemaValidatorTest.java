package dev.orkestra.composer.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The seed's validate_output_schema, rule by rule. */
class OutputSchemaValidatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode success() throws Exception {
    return (ObjectNode) JSON.readTree("""
        {"status": "success", "fetched_at": "2025-01-01T12:00:00Z",
         "data": {"file": {"path": "README.md", "content": "x"}},
         "sources": [{"type": "github", "url": "https://github.com/o/n/blob/c/README.md", "ref": "main",
                      "path": "README.md"}],
         "message": "Verified file README.md at c"}""");
  }

  private static ObjectNode notAvailable() throws Exception {
    return (ObjectNode) JSON.readTree("""
        {"status": "not_available", "fetched_at": "2025-01-01T12:00:00Z", "data": {}, "sources": [],
         "message": "NOT_AVAILABLE: No matches found for query"}""");
  }

  @Test
  void validResponsesPass() throws Exception {
    assertThat(OutputSchemaValidator.problems(success())).isEmpty();
    assertThat(OutputSchemaValidator.problems(notAvailable())).isEmpty();
  }

  @Test
  void everyRequiredFieldMustBePresent() throws Exception {
    for (String field : OutputSchemaValidator.REQUIRED_FIELDS) {
      ObjectNode response = success();
      response.remove(field);
      assertThat(OutputSchemaValidator.problems(response)).containsExactly("Missing required field: " + field);
    }
  }

  @Test
  void statusMustBeOneOfTheThree() throws Exception {
    ObjectNode response = notAvailable().put("status", "answered");

    assertThat(OutputSchemaValidator.problems(response)).singleElement().asString().startsWith("status must be one of");
  }

  @Test
  void fetchedAtMustBeSecondsWithZ() throws Exception {
    for (String bad : new String[] {"2025-01-01T12:00:00.123Z", "2025-01-01T12:00:00+00:00", "2025-01-01 12:00:00Z"}) {
      assertThat(OutputSchemaValidator.problems(notAvailable().put("fetched_at", bad)))
          .singleElement().asString().startsWith("fetched_at must match");
    }
  }

  @Test
  void sourcesNeedTypeUrlRefAndPath() throws Exception {
    ObjectNode response = success();
    ((ObjectNode) response.get("sources").get(0)).remove("url");
    ((ObjectNode) response.get("sources").get(0)).put("ref", "");

    assertThat(OutputSchemaValidator.problems(response))
        .containsExactly("sources[0] is missing url", "sources[0] is missing ref");
  }

  @Test
  void successNeedsDataAndSources() throws Exception {
    ObjectNode response = success();
    response.putObject("data");
    response.putArray("sources");

    assertThat(OutputSchemaValidator.problems(response))
        .containsExactly("Success response should have data", "Success response should have sources");
  }

  @Test
  void notAvailableAndErrorNeedEmptyDataAndSources() throws Exception {
    ObjectNode response = success().put("status", "error");

    assertThat(OutputSchemaValidator.problems(response))
        .containsExactly("Error/not_available should have empty data", "Error/not_available should have empty sources");
  }

  @Test
  void validateThrowsWithEveryProblem() throws Exception {
    JsonNode response = success().put("status", "error");

    assertThatThrownBy(() -> OutputSchemaValidator.validate(response))
        .isInstanceOf(OutputSchemaException.class)
        .hasMessageContaining("Error/not_available should have empty data")
        .hasMessageContaining("Error/not_available should have empty sources");
    assertThatThrownBy(() -> OutputSchemaValidator.validate("{not json"))
        .isInstanceOf(OutputSchemaException.class)
        .hasMessageStartingWith("Output schema validation failed: Response is not valid JSON");
  }
}
