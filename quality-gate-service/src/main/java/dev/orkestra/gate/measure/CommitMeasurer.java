package dev.orkestra.gate.measure;

import dev.orkestra.gate.plan.GateCommand;
import dev.orkestra.gate.plan.OutputFormat;
import dev.orkestra.gate.plan.QualityConfig;
import dev.orkestra.gate.process.CommandLimits;
import dev.orkestra.gate.process.CommandRunner;
import dev.orkestra.gate.process.GateEnvironment;
import dev.orkestra.gate.process.ProcessOutcome;
import dev.orkestra.gate.report.Flake8Output;
import dev.orkestra.gate.report.JavacOutput;
import dev.orkestra.gate.report.ToolFinding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs a gate's commands on one checked-out commit, one after the other, each bounded by its own
 * timeout and by what is left of the gate's, then reads their output and reports into one
 * {@link Measurement}.
 */
public final class CommitMeasurer {

  private final CommandRunner runner;
  private final GateEnvironment environment;
  private final Function<String, String> serviceEnvironment;
  private final CommandLimits limits;
  private final Clock clock;

  /** @param limits output bounds and the default timeout of a command that names none */
  public CommitMeasurer(CommandRunner runner, GateEnvironment environment, Function<String, String> serviceEnvironment,
      CommandLimits limits, Clock clock) {
    this.runner = runner;
    this.environment = environment;
    this.serviceEnvironment = serviceEnvironment;
    this.limits = limits;
    this.clock = clock;
  }

  public Measurement measure(String commit, Path tree, QualityConfig config, RunDirectory run, Instant deadline)
      throws IOException, InterruptedException {
    Map<String, String> variables = environment.variables(serviceEnvironment, run.home(), run.tmp(), run.reports());
    List<CheckRun> checks = new ArrayList<>();
    List<ToolFinding> findings = new ArrayList<>();
    boolean complete = true;
    for (int i = 0; i < config.commands().size(); i++) {
      GateCommand command = config.commands().get(i);
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.toMillis() < 1000) {
        checks.add(new CheckRun(command.name(), command.kind(), command.run(), null, false, 0, null, false,
            "not run: the gate's time was up", 0));
        complete = false;
        continue;
      }
      Duration own = command.timeout() == null ? limits.timeout() : command.timeout();
      Duration timeout = own.compareTo(left) < 0 ? own : left;
      ProcessOutcome outcome = runner.run(command.run(), tree, variables, limits.withTimeout(timeout),
          run.logs().resolve((i + 1) + ".log"));
      List<ToolFinding> fromOutput = parse(command, outcome.log(), tree);
      findings.addAll(fromOutput);
      checks.add(new CheckRun(command.name(), command.kind(), command.run(), outcome.exitCode(), outcome.timedOut(),
          outcome.durationMs(), outcome.tail(), outcome.logTruncated(), null, fromOutput.size()));
      complete &= !outcome.timedOut();
    }
    ReportCollector.Reports reports = ReportCollector.collect(tree, run.reports(), config.reports());
    findings.addAll(reports.findings());
    return new Measurement(commit, checks, reports.tests(), reports.coverage(), findings, reports.problems(), complete);
  }

  private static List<ToolFinding> parse(GateCommand command, Path log, Path tree) throws IOException {
    if (command.parse().isEmpty()) {
      return List.of();
    }
    // Lenient decoding: a build's output is not always valid UTF-8, and one bad byte must not hide its warnings.
    List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
    List<ToolFinding> findings = new ArrayList<>();
    for (OutputFormat format : command.parse()) {
      findings.addAll(switch (format) {
        case JAVAC -> JavacOutput.parse(lines, tree);
        case FLAKE8 -> Flake8Output.parse(lines, tree, "flake8");
        case RUFF -> Flake8Output.parse(lines, tree, "ruff");
      });
    }
    return findings;
  }
}
