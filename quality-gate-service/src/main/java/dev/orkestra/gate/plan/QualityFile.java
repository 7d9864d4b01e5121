package dev.orkestra.gate.plan;

import dev.orkestra.events.task.CheckKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a repository's {@code .orkestra/quality.yml} (format in docs/task-roles.md). The file is in
 * the commit under test, so a model may have written it: it is read with SnakeYAML's safe
 * constructor (no types), bounded in size, and every unknown key or bad value is an error naming
 * it rather than ignored. What it may ask for is bounded too: timeouts never above the gate's own.
 */
public final class QualityFile {

  public static final String PATH = ".orkestra/quality.yml";
  static final int MAX_BYTES = 64 * 1024;
  static final int MAX_COMMANDS = 20;

  private static final Set<String> TOP = Set.of("commands", "thresholds", "min_coverage");
  private static final Set<String> COMMAND = Set.of("name", "kind", "run", "timeout", "parse", "reports");
  private static final Set<String> REPORT = Set.of("format", "path");
  private static final Set<String> THRESHOLDS = Set.of("max_major", "max_medium");
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

  private QualityFile() {}

  public static QualityConfig parse(String text) throws QualityFileException {
    if (text.length() > MAX_BYTES) {
      throw new QualityFileException(PATH + ": " + text.length() + " characters, above the " + MAX_BYTES + " allowed");
    }
    Object loaded;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      options.setMaxAliasesForCollections(10);
      loaded = new Yaml(new SafeConstructor(options)).load(text);
    } catch (YAMLException e) {
      throw new QualityFileException(PATH + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    Map<?, ?> top = map(loaded, PATH);
    keys(top, TOP, PATH);
    List<GateCommand> commands = new ArrayList<>();
    Object listed = top.get("commands");
    if (!(listed instanceof List<?> items) || items.isEmpty()) {
      throw new QualityFileException(PATH + ": commands: a list of at least one command is required");
    }
    if (items.size() > MAX_COMMANDS) {
      throw new QualityFileException(PATH + ": commands: " + items.size() + " commands, at most " + MAX_COMMANDS);
    }
    Set<String> names = new java.util.HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      GateCommand command = command(items.get(i), "commands[" + i + "]");
      if (!names.add(command.name())) {
        throw new QualityFileException(PATH + ": commands[" + i + "].name: '" + command.name() + "' is used twice");
      }
      commands.add(command);
    }
    Integer maxMajor = null;
    Integer maxMedium = null;
    if (top.get("thresholds") != null) {
      Map<?, ?> thresholds = map(top.get("thresholds"), "thresholds");
      keys(thresholds, THRESHOLDS, "thresholds");
      maxMajor = count(thresholds.get("max_major"), "thresholds.max_major");
      maxMedium = count(thresholds.get("max_medium"), "thresholds.max_medium");
    }
    Double minCoverage = null;
    if (top.get("min_coverage") != null) {
      if (!(top.get("min_coverage") instanceof Number number) || number.doubleValue() < 0
          || number.doubleValue() > 100) {
        throw new QualityFileException(PATH + ": min_coverage: '" + top.get("min_coverage")
            + "' is not a percentage from 0 to 100");
      }
      minCoverage = number.doubleValue();
    }
    return new QualityConfig(PATH, commands, maxMajor, maxMedium, minCoverage);
  }

  private static GateCommand command(Object item, String where) throws QualityFileException {
    Map<?, ?> command = map(item, where);
    keys(command, COMMAND, where);
    String run = text(command.get("run"), where + ".run");
    String name = command.get("name") == null ? run : text(command.get("name"), where + ".name");
    CheckKind kind = command.get("kind") == null ? CheckKind.CUSTOM : kind(command.get("kind"), where + ".kind");
    Duration timeout = command.get("timeout") == null ? null : duration(command.get("timeout"), where + ".timeout");
    List<OutputFormat> parse = new ArrayList<>();
    for (Object format : list(command.get("parse"), where + ".parse")) {
      parse.add(EnumNames.parse(OutputFormat.class, String.valueOf(format), PATH + ": " + where + ".parse"));
    }
    List<ReportSpec> reports = new ArrayList<>();
    List<?> declared = list(command.get("reports"), where + ".reports");
    for (int i = 0; i < declared.size(); i++) {
      String at = where + ".reports[" + i + "]";
      Map<?, ?> report = map(declared.get(i), at);
      keys(report, REPORT, at);
      String path = text(report.get("path"), at + ".path");
      String glob = path.startsWith(ReportSpec.REPORTS_PREFIX) ? path.substring(ReportSpec.REPORTS_PREFIX.length()) : path;
      if (glob.startsWith("/") || glob.contains("$") || List.of(glob.split("/")).contains("..")) {
        throw new QualityFileException(PATH + ": " + at + ".path: '" + path + "' must stay in the work tree "
            + "(relative, no '..') or start with " + ReportSpec.REPORTS_PREFIX);
      }
      reports.add(new ReportSpec(EnumNames.parse(ReportFormat.class, String.valueOf(report.get("format")), PATH + ": " + at + ".format"), path));
    }
    return new GateCommand(name, kind, run, timeout, parse, reports);
  }

  /** {@code test} and {@code tests} both name CheckKind.TEST; {@code breaking-changes} BREAKING_CHANGES. */
  private static CheckKind kind(Object value, String where) throws QualityFileException {
    String name = String.valueOf(value).trim().toUpperCase(Locale.ROOT).replace('-', '_');
    if (name.equals("TESTS")) {
      name = "TEST";
    }
    try {
      return CheckKind.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new QualityFileException(PATH + ": " + where + ": '" + value + "' is not one of build, test, lint, "
          + "typecheck, coverage, hooks, breaking_changes, security, custom");
    }
  }

  /** {@code 90s}, {@code 20m}, {@code 1h}, {@code 500ms} or plain seconds. */
  static Duration duration(Object value, String where) throws QualityFileException {
    Matcher m = DURATION.matcher(String.valueOf(value).trim());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new QualityFileException(PATH + ": " + where + ": '" + value + "' is not a duration such as 90s, 20m or 1h");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2) == null ? "s" : m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }

  private static Integer count(Object value, String where) throws QualityFileException {
    if (value == null) {
      return null;
    }
    if (!(value instanceof Integer n) || n < 0) {
      throw new QualityFileException(PATH + ": " + where + ": '" + value + "' is not a count (0 or more)");
    }
    return n;
  }

  private static Map<?, ?> map(Object value, String where) throws QualityFileException {
    if (!(value instanceof Map<?, ?> map)) {
      throw new QualityFileException(PATH + ": " + where + ": a mapping is required");
    }
    return map;
  }

  private static List<?> list(Object value, String where) throws QualityFileException {
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> list) {
      return list;
    }
    if (value instanceof String single) {
      return List.of(single);
    }
    throw new QualityFileException(PATH + ": " + where + ": a list is required");
  }

  private static String text(Object value, String where) throws QualityFileException {
    if (!(value instanceof String text) || text.isBlank()) {
      throw new QualityFileException(PATH + ": " + where + ": a non-empty string is required");
    }
    return text.strip();
  }

  private static void keys(Map<?, ?> map, Set<String> allowed, String where) throws QualityFileException {
    for (Object key : map.keySet()) {
      if (!allowed.contains(String.valueOf(key))) {
        throw new QualityFileException(PATH + ": " + where + ": unknown key '" + key + "' (allowed: "
            + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
      }
    }
  }
}
