package dev.orkestra.gate.process;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The environment a gate command sees: built from nothing, never a copy of the service's. A
 * command runs code a model wrote; the service's environment holds model keys, GITHUB_TOKEN and
 * ORKESTRA_* settings. So only named variables pass (an allowlist), and a name that looks like a
 * secret cannot be allowed at all.
 */
public final class GateEnvironment {

  /** Passed from the service's environment when set: what toolchains need to be found and to print. */
  public static final List<String> DEFAULT_PASS = List.of("PATH", "LANG", "LC_ALL", "TZ", "JAVA_HOME");
  /** Where the gate tells commands to write reports (e.g. pytest --junitxml). */
  public static final String REPORTS_VARIABLE = "ORKESTRA_GATE_REPORTS";

  private static final Pattern SECRET_LIKE = Pattern.compile(
      "(?i).*(TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|API_?KEY|_KEY$|^KEY$|AUTH).*|^ORKESTRA_.*|^AWS_.*|^GITHUB_.*");

  private final List<String> pass;
  private final String path;

  /**
   * @param pass names passed from the service's environment
   * @param path PATH for the commands; null = the service's own
   * @throws IllegalArgumentException naming a variable that looks like a secret
   */
  public GateEnvironment(List<String> pass, String path) {
    for (String name : pass) {
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("orkestra.quality-gate.env.pass: '" + name + "' is not a variable name");
      }
      if (SECRET_LIKE.matcher(name).matches()) {
        throw new IllegalArgumentException("orkestra.quality-gate.env.pass: '" + name + "' looks like a secret; "
            + "gate commands run model-written code and never get the service's secrets");
      }
    }
    this.pass = List.copyOf(pass);
    this.path = path;
  }

  /**
   * The variables for one command.
   *
   * @param service the service's environment (System::getenv, or a test's map)
   * @param home a directory of this run only: HOME, so no tool reads the service user's dotfiles
   * @param tmp TMPDIR, also of this run only
   * @param reports where the gate collects reports of this run
   */
  public Map<String, String> variables(Function<String, String> service, Path home, Path tmp, Path reports) {
    Map<String, String> variables = new LinkedHashMap<>();
    for (String name : pass) {
      String value = service.apply(name);
      if (value != null) {
        variables.put(name, value);
      }
    }
    if (path != null) {
      variables.put("PATH", path);
    }
    variables.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
    variables.putIfAbsent("LANG", "C.UTF-8");
    variables.put("HOME", home.toString());
    variables.put("TMPDIR", tmp.toString());
    // Tools that look for CI turn off prompts, colours and watch modes.
    variables.put("CI", "true");
    variables.put(REPORTS_VARIABLE, reports.toString());
    return variables;
  }
}
