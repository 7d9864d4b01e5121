package dev.orkestra.composer.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Java port of seed 000's {@code validate_output_schema(response)}, for the JSON of a response (as
 * {@link OutputSchemaJson} renders it, or as any client received it). Problem texts are the seed's
 * assertion messages where it has them.
 *
 * <p>Slightly stricter than the Python original where Python would crash or pass by accident:
 * {@code data} must be an object and {@code sources} an array, and a source's {@code type},
 * {@code url}, {@code ref} and {@code path} must be non-blank strings, not merely present keys.
 */
public final class OutputSchemaValidator {

  public static final List<String> REQUIRED_FIELDS = List.of("status", "fetched_at", "data", "sources", "message");
  public static final Set<String> STATUSES = Set.of("success", "not_available", "error");
  private static final List<String> SOURCE_FIELDS = List.of("type", "url", "ref", "path");
  private static final Pattern FETCHED_AT = Pattern.compile(FetchedAtFormat.PATTERN);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private OutputSchemaValidator() {}

  /** @throws OutputSchemaException listing every problem */
  public static void validate(String json) {
    validate(parse(json));
  }

  /** @throws OutputSchemaException listing every problem */
  public static void validate(JsonNode response) {
    List<String> problems = problems(response);
    if (!problems.isEmpty()) {
      throw new OutputSchemaException(problems);
    }
  }

  /** Every rule the response breaks; empty when it is valid. */
  public static List<String> problems(JsonNode response) {
    List<String> problems = new ArrayList<>();
    if (response == null || !response.isObject()) {
      problems.add("Response must be a JSON object");
      return problems;
    }
    for (String field : REQUIRED_FIELDS) {
      if (!response.has(field)) {
        problems.add("Missing required field: " + field);
      }
    }
    if (!problems.isEmpty()) {
      return problems;
    }
    String status = response.get("status").isTextual() ? response.get("status").asText() : null;
    if (status == null || !STATUSES.contains(status)) {
      problems.add("status must be one of success, not_available, error (was " + response.get("status") + ")");
    }
    JsonNode fetchedAt = response.get("fetched_at");
    if (!fetchedAt.isTextual() || !FETCHED_AT.matcher(fetchedAt.asText()).matches()) {
      problems.add("fetched_at must match YYYY-MM-DDTHH:MM:SSZ (was " + fetchedAt + ")");
    }
    JsonNode data = response.get("data");
    if (!data.isObject() && !data.isNull()) {
      problems.add("data must be an object");
    }
    JsonNode sources = response.get("sources");
    if (!sources.isArray()) {
      problems.add("sources must be an array");
    } else {
      for (int i = 0; i < sources.size(); i++) {
        checkSource(sources.get(i), i, problems);
      }
    }
    boolean hasData = data.isObject() && !data.isEmpty();
    boolean hasSources = sources.isArray() && !sources.isEmpty();
    if ("success".equals(status)) {
      if (!hasData) {
        problems.add("Success response should have data");
      }
      if (!hasSources) {
        problems.add("Success response should have sources");
      }
    }
    if ("not_available".equals(status) || "error".equals(status)) {
      if (hasData) {
        problems.add("Error/not_available should have empty data");
      }
      if (hasSources) {
        problems.add("Error/not_available should have empty sources");
      }
    }
    return problems;
  }

  private static void checkSource(JsonNode source, int index, List<String> problems) {
    if (!source.isObject()) {
      problems.add("sources[" + index + "] must be an object");
      return;
    }
    for (String field : SOURCE_FIELDS) {
      JsonNode value = source.get(field);
      if (value == null || !value.isTextual() || value.asText().isBlank()) {
        problems.add("sources[" + index + "] is missing " + field);
      }
    }
  }

  private static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new OutputSchemaException(List.of("Response is not valid JSON: " + e.getOriginalMessage()));
    }
  }
}
