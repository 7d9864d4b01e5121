package dev.orkestra.coordinator.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.task.Complexity;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.StepType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The routing table as written in YAML: {@code diversity} (model | family | provider, default
 * family) and {@code rules}, each with a {@code role}, optional criteria ({@code risk},
 * {@code area}, {@code stepType}, {@code complexity}, {@code author}; a value or a list) and the
 * candidate {@code models} in order of preference. Every model named must be declared in the
 * model registry, so a typo fails at start-up with the rule and field, not when a task first
 * needs that rule.
 */
public record RoutingTable(Diversity diversity, List<RoutingRule> rules) {

  /** Seed 002's matrix, shipped with the coordinator. */
  public static final String SEED_TABLE_RESOURCE = "/orkestra/coordinator/task-routing.yaml";

  private static final ObjectMapper YAML = YAMLMapper.builder().build();
  private static final Set<String> TOP_FIELDS = Set.of("diversity", "rules");
  private static final Set<String> RULE_FIELDS =
      Set.of("role", "risk", "area", "stepType", "complexity", "author", "model", "models", "rationale");

  public RoutingTable {
    rules = List.copyOf(rules);
  }

  public static RoutingTable load(Path file, Map<String, ModelRef> models) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString(), models);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read routing table " + file, e);
    }
  }

  /** Seed 002's matrix ({@value #SEED_TABLE_RESOURCE}); its models (claude-sonnet, gemini-pro, gemini-flash) must be declared. */
  public static RoutingTable seedTable(Map<String, ModelRef> models) {
    try (InputStream in = RoutingTable.class.getResourceAsStream(SEED_TABLE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(SEED_TABLE_RESOURCE + " is missing from the classpath");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), SEED_TABLE_RESOURCE, models);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + SEED_TABLE_RESOURCE, e);
    }
  }

  /**
   * @param source named in every error (a file name)
   * @param models the declared models by id
   * @throws RoutingTableException naming the source, the rule and the field
   */
  public static RoutingTable parse(String yaml, String source, Map<String, ModelRef> models) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new RoutingTableException(source + ": is not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new RoutingTableException(source + ": must be a mapping with 'rules' (and optionally 'diversity')");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!TOP_FIELDS.contains(name)) {
        throw new RoutingTableException(source + ": field '" + name + "' is not known (expected diversity, rules)");
      }
    }
    Diversity diversity = Diversity.FAMILY;
    if (root.hasNonNull("diversity")) {
      String text = root.get("diversity").asText();
      diversity = Diversity.fromId(text).orElseThrow(() -> new RoutingTableException(source
          + ": field 'diversity': unknown value '" + text + "' (expected one of " + Diversity.knownIds() + ")"));
    }
    JsonNode rules = root.get("rules");
    if (rules == null || !rules.isArray() || rules.isEmpty()) {
      throw new RoutingTableException(source + ": field 'rules' must be a non-empty list of rules");
    }
    List<RoutingRule> parsed = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      String where = source + ": rule " + (i + 1);
      parsed.add(rule(rules.get(i), i + 1, where, models));
    }
    return new RoutingTable(diversity, parsed);
  }

  private static RoutingRule rule(JsonNode node, int number, String where, Map<String, ModelRef> models) {
    if (!node.isObject()) {
      throw new RoutingTableException(where + ": must be a mapping of fields");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!RULE_FIELDS.contains(name)) {
        throw new RoutingTableException(where + ": field '" + name + "' is not known (expected one of "
            + RULE_FIELDS.stream().sorted().collect(Collectors.joining(", ")) + ")");
      }
    }
    if (!node.hasNonNull("role")) {
      throw new RoutingTableException(where + ": field 'role' is required (one of " + TaskRole.knownIds() + ")");
    }
    String roleText = node.get("role").asText();
    TaskRole role = TaskRole.fromId(roleText).orElseThrow(() -> new RoutingTableException(where
        + ": field 'role': unknown value '" + roleText + "' (expected one of " + TaskRole.knownIds() + ")"));
    Set<Risk> risks = values(node, "risk", where, Risk.class);
    Set<String> areas = new LinkedHashSet<>(strings(node, "area", where));
    Set<StepType> stepTypes = values(node, "stepType", where, StepType.class);
    Set<Complexity> complexities = values(node, "complexity", where, Complexity.class);
    Set<String> authors = new LinkedHashSet<>(strings(node, "author", where));
    if (!authors.isEmpty() && !role.reviews()) {
      throw new RoutingTableException(where + ": field 'author' only applies to reviewer roles, not " + role.id());
    }
    if (node.has("model") && node.has("models")) {
      throw new RoutingTableException(where + ": give either 'model' or 'models', not both");
    }
    List<String> candidates = strings(node, node.has("model") ? "model" : "models", where);
    if (candidates.isEmpty()) {
      throw new RoutingTableException(where + ": field 'models' is required (the model ids to route to, in order)");
    }
    for (String id : candidates) {
      requireDeclared(id, "models", where, models);
    }
    for (String id : authors) {
      requireDeclared(id, "author", where, models);
    }
    String rationale = node.hasNonNull("rationale") ? node.get("rationale").asText() : null;
    return new RoutingRule(number, role, risks, areas, stepTypes, complexities, authors, candidates, rationale);
  }

  private static void requireDeclared(String id, String field, String where, Map<String, ModelRef> models) {
    if (!models.containsKey(id)) {
      throw new RoutingTableException(where + ": field '" + field + "': model '" + id
          + "' is not declared in the model registry (declared: "
          + models.keySet().stream().sorted().collect(Collectors.joining(", ")) + ")");
    }
  }

  /** A scalar or a list of scalars; absent or empty means "any". */
  private static List<String> strings(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    List<JsonNode> items = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(items::add);
    } else {
      items.add(value);
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode item : items) {
      if (!item.isValueNode() || item.isNull() || item.asText().isBlank()) {
        throw new RoutingTableException(where + ": field '" + field + "' must be a value or a list of values");
      }
      texts.add(item.asText().strip());
    }
    return texts;
  }

  private static <E extends Enum<E>> Set<E> values(JsonNode node, String field, String where, Class<E> type) {
    Function<String, String> symbol = text -> text.toUpperCase(Locale.ROOT).replace('-', '_');
    Set<E> result = new LinkedHashSet<>();
    for (String text : strings(node, field, where)) {
      E value = Arrays.stream(type.getEnumConstants()).filter(c -> c.name().equals(symbol.apply(text)))
          .findFirst().orElseThrow(() -> new RoutingTableException(where + ": field '" + field + "': unknown value '"
              + text + "' (expected one of " + Arrays.stream(type.getEnumConstants())
              .map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ")"));
      result.add(value);
    }
    return result;
  }
}
