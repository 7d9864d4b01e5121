package dev.orkestra.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code models:} YAML file into validated {@link ModelSpec}s. Each entry is converted on its own so
 * that every error — including a wrong type or an unknown field — names the model it belongs to.
 */
public final class ModelConfigLoader {

  private static final ObjectMapper YAML = YAMLMapper.builder().build();

  /** The YAML shape of one entry; strings where the loader wants to produce its own error messages. */
  record RawModel(
      String id,
      String provider,
      String model,
      String baseUrl,
      String apiKeyEnv,
      String family,
      Double inputPricePerMillion,
      Double outputPricePerMillion,
      Integer concurrency,
      String timeout,
      String script) {
  }

  private ModelConfigLoader() {
  }

  /**
   * @throws ModelConfigException  when an entry is invalid (message starts with the file, names model and field)
   * @throws UncheckedIOException  when the file cannot be read
   */
  public static List<ModelSpec> load(Path file) {
    Path baseDir = file.toAbsolutePath().getParent();
    try {
      return parse(readTree(file), baseDir);
    } catch (ModelConfigException e) {
      throw e.inSource(file);
    }
  }

  private static JsonNode readTree(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new ModelConfigException(file.toString(), null, "is not valid YAML: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read model config " + file, e);
    }
  }

  private static List<ModelSpec> parse(JsonNode root, Path baseDir) {
    JsonNode models = root == null ? null : root.get("models");
    if (models == null || !models.isArray()) {
      throw new ModelConfigException("(file)", "models", "must be a list of model definitions");
    }
    List<ModelSpec> specs = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < models.size(); i++) {
      ModelSpec spec = toSpec(models.get(i), "models[" + i + "]", baseDir);
      Integer earlier = seen.putIfAbsent(spec.id(), i);
      if (earlier != null) {
        throw new ModelConfigException(spec.id(), "id", "is a duplicate (also used by models[" + earlier + "])");
      }
      specs.add(spec);
    }
    return List.copyOf(specs);
  }

  private static ModelSpec toSpec(JsonNode node, String position, Path baseDir) {
    String ref = node.hasNonNull("id") && !node.get("id").asText().isBlank() ? node.get("id").asText() : position;
    if (node.has("apiKey")) {
      // Keys must live in the environment; the value is deliberately not repeated here.
      throw new ModelConfigException(ref, "apiKey",
          "is not allowed: put the key in an environment variable and name it with apiKeyEnv");
    }
    RawModel raw = convert(node, ref);
    if (raw.id() == null || raw.id().isBlank()) {
      throw new ModelConfigException(ref, "id", "is required");
    }
    Provider provider = parseProvider(ref, raw.provider());
    return new ModelSpec(
        raw.id(),
        provider,
        raw.model(),
        raw.baseUrl(),
        raw.apiKeyEnv(),
        raw.family(),
        requirePrice(ref, "inputPricePerMillion", raw.inputPricePerMillion()),
        requirePrice(ref, "outputPricePerMillion", raw.outputPricePerMillion()),
        raw.concurrency() == null ? ModelSpec.DEFAULT_CONCURRENCY : raw.concurrency(),
        parseTimeout(ref, raw.timeout()),
        resolveScript(ref, raw.script(), baseDir));
  }

  private static RawModel convert(JsonNode node, String ref) {
    if (!node.isObject()) {
      throw new ModelConfigException(ref, null, "must be a mapping of fields");
    }
    try {
      return YAML.treeToValue(node, RawModel.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ModelConfigException(ref, e.getPropertyName(), "is not a known model field");
    } catch (MismatchedInputException e) {
      // Jackson's message quotes the value, which could be a key typed into the wrong field: not repeated.
      String field = e.getPath().isEmpty() ? null : e.getPath().getLast().getFieldName();
      String expected = e.getTargetType() == null ? "another type" : e.getTargetType().getSimpleName();
      throw new ModelConfigException(ref, field, "has the wrong type (expected " + expected + "); value not shown");
    } catch (JsonProcessingException e) {
      throw new ModelConfigException(ref, null, "cannot be read: " + e.getOriginalMessage());
    }
  }

  private static Provider parseProvider(String ref, String text) {
    if (text == null) {
      throw new ModelConfigException(ref, "provider", "is required (one of " + Provider.knownIds() + ")");
    }
    return Provider.fromId(text.trim().toLowerCase()).orElseThrow(() -> new ModelConfigException(ref, "provider",
        "has unknown value '" + text + "' (expected one of " + Provider.knownIds() + ")"));
  }

  private static double requirePrice(String ref, String field, Double price) {
    if (price == null) {
      throw new ModelConfigException(ref, field, "is required (USD per million tokens; 0 for free models)");
    }
    return price;
  }

  private static Duration parseTimeout(String ref, String text) {
    if (text == null) {
      return ModelSpec.DEFAULT_TIMEOUT;
    }
    try {
      return DurationParser.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ModelConfigException(ref, "timeout", e.getMessage(), e);
    }
  }

  private static Path resolveScript(String ref, String script, Path baseDir) {
    if (script == null) {
      return null;
    }
    // Relative to the YAML file, so a config directory can be moved or checked out anywhere.
    Path path = baseDir.resolve(script).normalize();
    if (!Files.isRegularFile(path)) {
      throw new ModelConfigException(ref, "script", "points to a missing file: " + path);
    }
    return path;
  }
}
