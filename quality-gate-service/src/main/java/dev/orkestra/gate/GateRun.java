package dev.orkestra.gate;

import dev.orkestra.events.task.CheckKind;
import dev.orkestra.events.task.GateCheck;
import dev.orkestra.events.task.GateRequested;
import dev.orkestra.events.task.GateResult;
import dev.orkestra.gate.measure.CommitMeasurer;
import dev.orkestra.gate.measure.Measurement;
import dev.orkestra.gate.measure.RunDirectory;
import dev.orkestra.gate.plan.CommandPlan;
import dev.orkestra.gate.plan.QualityConfig;
import dev.orkestra.gate.plan.QualityFileException;
import dev.orkestra.gate.process.Sandbox;
import dev.orkestra.gate.verdict.GateVerdict;
import dev.orkestra.gate.verdict.Verdict;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.runtime.workspace.Workspace;
import dev.orkestra.runtime.workspace.Workspaces;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One gate run, start to verdict: the commit checked out in a clean work tree of its own (never
 * the user's), its commands chosen, the base measured (or taken from the store) with the same
 * commands, the commit measured, and seed 002's rules applied. The whole run is bounded by the
 * gate's timeout; a run out of time still answers, with the checks that did not run failed.
 */
final class GateRun {

  private final Workspaces workspaces;
  private final CommitMeasurer measurer;
  private final BaseMeasurements bases;
  private final Sandbox sandbox;
  private final GateSettings settings;
  private final Path runs;
  private final String producer;
  private final Clock clock;

  GateRun(Workspaces workspaces, CommitMeasurer measurer, BaseMeasurements bases, Sandbox sandbox,
      GateSettings settings, Path runs, String producer, Clock clock) {
    this.workspaces = workspaces;
    this.measurer = measurer;
    this.bases = bases;
    this.sandbox = sandbox;
    this.settings = settings;
    this.runs = runs;
    this.producer = producer;
    this.clock = clock;
  }

  GateResult run(GateRequested request) throws Exception {
    Instant started = clock.instant();
    Instant deadline = started.plus(settings.gateTimeout());
    String repo = request.getRepo().getRepo();
    String commit = request.getRepo().getCommitSha();
    String baseSha = request.getBaseSha();
    Verdict verdict;
    String source;
    try (Workspace head = workspaces.checkout(repo, commit)) {
      QualityConfig config;
      try {
        config = CommandPlan.resolve(head.dir(), request.getPolicy().getCommands(), request.getCommands(),
            sandbox.networkIsolated());
      } catch (QualityFileException e) {
        return result(request, failed("quality.yml", e.getMessage()), started);
      }
      source = config.source();
      Measurement base = null;
      if (baseSha != null && !baseSha.equals(commit)) {
        base = bases.get(repo, baseSha, config, () -> measureBase(repo, baseSha, config, deadline));
      }
      Measurement measured;
      try (RunDirectory dirs = RunDirectory.create(runs, "head-" + commit.substring(0, 12), settings.mavenHome())) {
        measured = measurer.measure(commit, head.dir(), config, dirs, deadline);
      }
      // A step that changed nothing is its own base.
      verdict = GateVerdict.decide(request.getPolicy(), config, measured, baseSha == null ? null
          : baseSha.equals(commit) ? measured : base);
    }
    return result(request, new Verdict(verdict.passed(), verdict.checks(), verdict.findings(), verdict.coverageBefore(),
        verdict.coverageAfter(), verdict.warningsCount(), verdict.testsRun(), verdict.testsFailed(),
        verdict.summary() + " [commands: " + source + "; " + sandbox.describe() + "]"), started);
  }

  private Measurement measureBase(String repo, String baseSha, QualityConfig config, Instant deadline) throws Exception {
    try (Workspace base = workspaces.checkout(repo, baseSha);
        RunDirectory dirs = RunDirectory.create(runs, "base-" + baseSha.substring(0, 12), settings.mavenHome())) {
      return measurer.measure(baseSha, base.dir(), config, dirs, deadline);
    }
  }

  private static Verdict failed(String check, String why) {
    return new Verdict(false, List.of(GateCheck.newBuilder().setName(check).setKind(CheckKind.BUILD).setPassed(false)
        .setOutputTail(why).build()), List.of(), null, null, 0, null, null, "failed: " + why);
  }

  private GateResult result(GateRequested request, Verdict verdict, Instant started) {
    return GateResult.newBuilder()
        // Replaced by the handler with the reply to the delivery that returns it.
        .setEnvelope(Envelopes.reply(request.getEnvelope(), producer))
        .setTaskId(request.getTaskId())
        .setStepId(request.getStepId())
        .setCommitSha(request.getRepo().getCommitSha())
        .setPassed(verdict.passed())
        .setChecks(verdict.checks())
        .setFindings(verdict.findings())
        .setCoverageBefore(verdict.coverageBefore())
        .setCoverageAfter(verdict.coverageAfter())
        .setWarningsCount(verdict.warningsCount())
        .setTestsRun(verdict.testsRun())
        .setTestsFailed(verdict.testsFailed())
        .setSummary(verdict.summary())
        .setAttempt(request.getAttempt())
        .setDurationMs(Duration.between(started, clock.instant()).toMillis())
        .build();
  }
}
