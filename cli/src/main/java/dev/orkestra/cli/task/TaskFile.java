package dev.orkestra.cli.task;

import dev.orkestra.cli.query.RepoArgument;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.task.Budget;
import dev.orkestra.events.task.QualityPolicy;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.TaskSpec;
import dev.orkestra.models.DurationParser;
import dev.orkestra.runtime.source.SourceException;
import dev.orkestra.runtime.source.SourceValidation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a tasks file in seed 002's format ({@code tasks: [{id, goal, risk, area, repo, context_files,
 * constraints}]}) plus the optional {@code ref}, {@code budget}, {@code quality}, {@code branch} and
 * {@code priority}, and a top-level {@code repos:} map of names to repositories that tasks may name.
 *
 * <p>All or nothing: every problem in the file is collected, each as {@code file:line: field:
 * what is wrong}, and if there is one no task is returned, so a submission never goes out half. The
 * YAML is read as nodes (not bound to classes) because only nodes know their line; unknown keys are
 * problems too, so a typo ({@code contxt_files}) is not silently ignored.
 */
public final class TaskFile {

  /** Task ids become Kafka keys, branch names and directory names: a conservative alphabet. */
  private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern COVERAGE = Pattern.compile("(\\d{1,3}(?:\\.\\d+)?)\\s*%\\+?\\s*(?:test\\s+)?coverage",
      Pattern.CASE_INSENSITIVE);
  private static final int MAX_GOAL = 20_000;
  private static final int MAX_TEXT = 2_000;
  private static final int MAX_LIST = 200;
  private static final int MAX_FILE_BYTES = 1 << 20;
  private static final Set<String> TOP_KEYS = Set.of("tasks", "repos");
  private static final Set<String> TASK_KEYS = Set.of("id", "goal", "risk", "area", "repo", "ref", "context_files",
      "constraints", "budget", "quality", "branch", "priority");
  private static final Set<String> BUDGET_KEYS = Set.of("max_cost_usd", "max_attempts", "max_review_rounds",
      "max_duration");
  private static final Set<String> QUALITY_KEYS = Set.of("zero_warnings", "all_tests_pass", "no_coverage_regression",
      "min_coverage_percent", "git_hooks_pass", "commands");

  private final String name;
  private final Function<String, RepoRef> repos;
  private final List<String> problems = new ArrayList<>();

  private TaskFile(String name, Function<String, RepoRef> repos) {
    this.name = name;
    this.repos = repos;
  }

  /** The tasks of {@code file}; relative local repository paths are taken from the file's directory. */
  public static List<TaskSpec> read(Path file) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new TaskFileException(List.of(file + ": larger than " + MAX_FILE_BYTES / 1024 + " KiB"));
      }
      Path dir = file.toAbsolutePath().getParent();
      return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8), repo -> {
        Path local = dir.resolve(repo);
        return RepoArgument.parse(!repo.contains("://") && Files.isDirectory(local) ? local.toString() : repo, null);
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The tasks in {@code yaml}; {@code repos} turns a repository as written into a reference, or throws. */
  static List<TaskSpec> parse(String name, String yaml, Function<String, RepoRef> repos) {
    return new TaskFile(name, repos).parse(yaml);
  }

  private List<TaskSpec> parse(String yaml) {
    Node root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setMaxAliasesForCollections(20);
      root = new Yaml(options).compose(new java.io.StringReader(yaml));
    } catch (MarkedYAMLException e) {
      throw new TaskFileException(List.of(name + ":" + (e.getProblemMark().getLine() + 1) + ": not valid YAML: "
          + e.getProblem()));
    } catch (RuntimeException e) {
      throw new TaskFileException(List.of(name + ": not valid YAML: " + e.getMessage()));
    }
    if (!(root instanceof MappingNode top)) {
      throw new TaskFileException(List.of(name + ": expected a mapping with a 'tasks' list, like seed 002's tasks.yaml"));
    }
    Map<String, Node> fields = fields(top, "", TOP_KEYS);
    Map<String, Node> aliases = fields.containsKey("repos") ? repoAliases(fields.get("repos")) : Map.of();
    List<TaskSpec> tasks = new ArrayList<>();
    Node list = fields.get("tasks");
    if (list == null) {
      problem(top, "tasks", "missing: the file must have a 'tasks' list");
    } else if (!(list instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
      problem(list, "tasks", "must be a non-empty list of tasks");
    } else {
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < sequence.getValue().size(); i++) {
        TaskSpec task = task(sequence.getValue().get(i), "tasks[" + i + "]", aliases);
        if (task != null) {
          Integer first = seen.putIfAbsent(task.getTaskId(), i);
          if (first != null) {
            problem(sequence.getValue().get(i), "tasks[" + i + "].id",
                "'" + task.getTaskId() + "' is already the id of tasks[" + first + "]");
          }
          tasks.add(task);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new TaskFileException(problems);
    }
    return tasks;
  }

  private Map<String, Node> repoAliases(Node node) {
    if (!(node instanceof MappingNode mapping)) {
      problem(node, "repos", "must map names to repositories (a path, a clone URL or owner/name)");
      return Map.of();
    }
    Map<String, Node> aliases = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode key) {
        aliases.put(key.getValue(), tuple.getValueNode());
      }
    }
    return aliases;
  }

  private TaskSpec task(Node node, String at, Map<String, Node> aliases) {
    if (!(node instanceof MappingNode mapping)) {
      problem(node, at, "must be a mapping with at least id, goal, risk, area and repo");
      return null;
    }
    int before = problems.size();
    Map<String, Node> f = fields(mapping, at + ".", TASK_KEYS);
    String id = required(mapping, f, at, "id");
    if (id != null && !TASK_ID.matcher(id).matches()) {
      problem(f.get("id"), at + ".id", "'" + id + "' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    String goal = required(mapping, f, at, "goal");
    if (goal != null && goal.length() > MAX_GOAL) {
      problem(f.get("goal"), at + ".goal", "longer than " + MAX_GOAL + " characters");
    }
    Risk risk = risk(mapping, f, at);
    String area = required(mapping, f, at, "area");
    if (area != null && !area.matches("[a-z][a-z0-9_-]{0,31}")) {
      problem(f.get("area"), at + ".area", "'" + area + "' must be a short lowercase word such as core, api, docs, tests");
    }
    String ref = optionalText(f, at, "ref");
    RepoRef repo = repo(mapping, f, at, aliases, ref);
    List<String> contextFiles = texts(f, at, "context_files");
    for (int i = 0; i < contextFiles.size(); i++) {
      String path = contextFiles.get(i).endsWith("/") ? contextFiles.get(i).replaceAll("/+$", "") : contextFiles.get(i);
      try {
        contextFiles.set(i, SourceValidation.path(path));
      } catch (SourceException e) {
        problem(f.get("context_files"), at + ".context_files[" + i + "]", e.reason());
      }
    }
    List<String> constraints = texts(f, at, "constraints");
    Budget budget = budget(f.get("budget"), at + ".budget");
    QualityPolicy quality = quality(f.get("quality"), at + ".quality", constraints);
    String branch = optionalText(f, at, "branch");
    if (branch != null) {
      try {
        SourceValidation.ref(branch);
      } catch (SourceException e) {
        problem(f.get("branch"), at + ".branch", e.reason());
      }
    }
    Integer priority = integer(f.get("priority"), at + ".priority", -1000, 1000);
    if (problems.size() > before) {
      return null;
    }
    return TaskSpec.newBuilder().setTaskId(id).setGoal(goal).setRisk(risk).setArea(area).setRepo(repo)
        .setContextFiles(contextFiles).setConstraints(constraints).setBudget(budget).setQuality(quality)
        .setBranch(branch).setPriority(priority == null ? 0 : priority).build();
  }

  private Risk risk(MappingNode task, Map<String, Node> f, String at) {
    String text = required(task, f, at, "risk");
    if (text == null) {
      return null;
    }
    try {
      Risk risk = Risk.valueOf(text.trim().toUpperCase(Locale.ROOT));
      return risk;
    } catch (IllegalArgumentException e) {
      problem(f.get("risk"), at + ".risk", "'" + text + "' is not one of high, medium, low");
      return null;
    }
  }

  private RepoRef repo(MappingNode task, Map<String, Node> f, String at, Map<String, Node> aliases, String ref) {
    String written = required(task, f, at, "repo");
    if (written == null) {
      return null;
    }
    Node where = f.get("repo");
    String target = written;
    if (aliases.containsKey(written)) {
      where = aliases.get(written);
      target = where instanceof ScalarNode scalar ? scalar.getValue() : null;
      if (target == null || target.isBlank()) {
        problem(where, "repos." + written, "must be a path, a clone URL or owner/name");
        return null;
      }
    }
    try {
      SourceValidation.ref(ref);
      return RepoRef.newBuilder(repos.apply(target)).setRef(ref).build();
    } catch (SourceException e) {
      problem(f.get("ref"), at + ".ref", e.reason());
    } catch (IllegalArgumentException e) {
      problem(where, at + ".repo", "'" + written + "': " + e.getMessage().replaceFirst("^--repo: ", ""));
    }
    return null;
  }

  private Budget budget(Node node, String at) {
    Budget.Builder budget = Budget.newBuilder();
    if (node == null) {
      return budget.build();
    }
    if (!(node instanceof MappingNode mapping)) {
      problem(node, at, "must be a mapping of " + String.join(", ", BUDGET_KEYS));
      return budget.build();
    }
    Map<String, Node> f = fields(mapping, at + ".", BUDGET_KEYS);
    Double cost = number(f.get("max_cost_usd"), at + ".max_cost_usd", 0, 100_000);
    budget.setMaxCostUsd(cost);
    Integer attempts = integer(f.get("max_attempts"), at + ".max_attempts", 1, 10);
    if (attempts != null) {
      budget.setMaxAttempts(attempts);
    }
    Integer rounds = integer(f.get("max_review_rounds"), at + ".max_review_rounds", 1, 10);
    if (rounds != null) {
      budget.setMaxReviewRounds(rounds);
    }
    String duration = scalar(f.get("max_duration"), at + ".max_duration");
    if (duration != null) {
      try {
        long millis = DurationParser.parse(duration).toMillis();
        if (millis <= 0) {
          throw new IllegalArgumentException("'" + duration + "' must be positive");
        }
        budget.setMaxDurationMs(millis);
      } catch (IllegalArgumentException e) {
        problem(f.get("max_duration"), at + ".max_duration", e.getMessage());
      }
    }
    return budget.build();
  }

  /**
   * The quality section, or what the constraints imply when there is none: seed 002 writes rules as
   * text ("ZERO-WARNINGS", "80%+ test coverage"), so a coverage percentage in a constraint becomes
   * the gate's minimum unless the quality section says otherwise.
   */
  private QualityPolicy quality(Node node, String at, List<String> constraints) {
    QualityPolicy.Builder quality = QualityPolicy.newBuilder();
    for (String constraint : constraints) {
      Matcher coverage = COVERAGE.matcher(constraint);
      if (coverage.find()) {
        quality.setMinCoveragePercent(Math.min(100.0, Double.parseDouble(coverage.group(1))));
      }
    }
    if (node == null) {
      return quality.build();
    }
    if (!(node instanceof MappingNode mapping)) {
      problem(node, at, "must be a mapping of " + String.join(", ", QUALITY_KEYS));
      return quality.build();
    }
    Map<String, Node> f = fields(mapping, at + ".", QUALITY_KEYS);
    Boolean value;
    if ((value = bool(f.get("zero_warnings"), at + ".zero_warnings")) != null) {
      quality.setZeroWarnings(value);
    }
    if ((value = bool(f.get("all_tests_pass"), at + ".all_tests_pass")) != null) {
      quality.setAllTestsPass(value);
    }
    if ((value = bool(f.get("no_coverage_regression"), at + ".no_coverage_regression")) != null) {
      quality.setNoCoverageRegression(value);
    }
    if ((value = bool(f.get("git_hooks_pass"), at + ".git_hooks_pass")) != null) {
      quality.setGitHooksPass(value);
    }
    if (f.containsKey("min_coverage_percent")) {
      quality.setMinCoveragePercent(number(f.get("min_coverage_percent"), at + ".min_coverage_percent", 0, 100));
    }
    quality.setCommands(texts(f, at, "commands"));
    return quality.build();
  }

  // ------------------------------------------------------------------ node reading

  /** The mapping's fields by key; a key not in {@code allowed} is a problem naming the allowed ones. */
  private Map<String, Node> fields(MappingNode mapping, String prefix, Set<String> allowed) {
    Map<String, Node> fields = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        problem(tuple.getKeyNode(), prefix.isEmpty() ? "(key)" : prefix + "(key)", "keys must be plain words");
      } else if (!allowed.contains(key.getValue())) {
        problem(key, prefix + key.getValue(), "unknown field; expected one of " + allowed.stream().sorted().toList());
      } else if (fields.containsKey(key.getValue())) {
        // Composing does not apply LoaderOptions' duplicate-key rule; which value would win is not obvious to a reader.
        problem(key, prefix + key.getValue(), "given twice");
      } else {
        fields.put(key.getValue(), tuple.getValueNode());
      }
    }
    return fields;
  }

  private String required(MappingNode owner, Map<String, Node> f, String at, String key) {
    if (!f.containsKey(key)) {
      problem(owner, at + "." + key, "missing");
      return null;
    }
    String value = scalar(f.get(key), at + "." + key);
    if (value != null && value.isBlank()) {
      problem(f.get(key), at + "." + key, "is empty");
      return null;
    }
    return value;
  }

  private String optionalText(Map<String, Node> f, String at, String key) {
    String value = scalar(f.get(key), at + "." + key);
    if (value != null && value.length() > MAX_TEXT) {
      problem(f.get(key), at + "." + key, "longer than " + MAX_TEXT + " characters");
      return null;
    }
    return value == null || value.isBlank() ? null : value;
  }

  private String scalar(Node node, String at) {
    if (node == null) {
      return null;
    }
    if (!(node instanceof ScalarNode scalar)) {
      problem(node, at, "must be a single value, not a list or mapping");
      return null;
    }
    return scalar.getValue();
  }

  private List<String> texts(Map<String, Node> f, String at, String key) {
    Node node = f.get(key);
    List<String> values = new ArrayList<>();
    if (node == null) {
      return values;
    }
    if (!(node instanceof SequenceNode sequence)) {
      problem(node, at + "." + key, "must be a list");
      return values;
    }
    if (sequence.getValue().size() > MAX_LIST) {
      problem(node, at + "." + key, "more than " + MAX_LIST + " entries");
      return values;
    }
    for (int i = 0; i < sequence.getValue().size(); i++) {
      String value = scalar(sequence.getValue().get(i), at + "." + key + "[" + i + "]");
      if (value != null && (value.isBlank() || value.length() > MAX_TEXT)) {
        problem(sequence.getValue().get(i), at + "." + key + "[" + i + "]", "must be 1-" + MAX_TEXT + " characters");
      } else if (value != null) {
        values.add(value.trim());
      }
    }
    return values;
  }

  private Integer integer(Node node, String at, int min, int max) {
    return bounded(node, at, Integer::valueOf, min, max, "a whole number");
  }

  private Double number(Node node, String at, double min, double max) {
    return bounded(node, at, Double::valueOf, min, max, "a number");
  }

  private <T extends Comparable<T>> T bounded(Node node, String at, Function<String, T> parse, T min, T max,
      String kind) {
    String text = scalar(node, at);
    if (text == null) {
      return null;
    }
    try {
      T value = parse.apply(text.trim());
      if (value.compareTo(min) >= 0 && value.compareTo(max) <= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problem(node, at, "'" + text + "' must be " + kind + " from " + min + " to " + max);
    return null;
  }

  private Boolean bool(Node node, String at) {
    String text = scalar(node, at);
    if (text == null) {
      return null;
    }
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> {
        problem(node, at, "'" + text + "' must be true or false");
        yield null;
      }
    };
  }

  private void problem(Node node, String field, String what) {
    problems.add(name + ":" + (node.getStartMark().getLine() + 1) + ": " + field + ": " + what);
  }
}
