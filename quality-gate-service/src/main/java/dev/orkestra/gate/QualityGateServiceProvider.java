package dev.orkestra.gate;

import dev.orkestra.events.task.GateRequested;
import dev.orkestra.events.task.GateResult;
import dev.orkestra.gate.measure.CommitMeasurer;
import dev.orkestra.gate.process.CommandLimits;
import dev.orkestra.gate.process.CommandRunner;
import dev.orkestra.gate.process.GateEnvironment;
import dev.orkestra.gate.process.Sandbox;
import dev.orkestra.runtime.RoleService;
import dev.orkestra.runtime.RoleServiceConfig;
import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.ServiceProvider;
import dev.orkestra.runtime.workspace.Workspaces;
import dev.orkestra.topics.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The quality-gate role service, found by {@code orkestra up} through {@link java.util.ServiceLoader}. */
public final class QualityGateServiceProvider implements ServiceProvider {

  public static final String ROLE = "quality-gate";

  private static final Logger log = LoggerFactory.getLogger(QualityGateServiceProvider.class);

  @Override
  public String name() {
    return ROLE;
  }

  @Override
  public AutoCloseable start(ServiceContext context) {
    GateSettings settings = GateSettings.from(context);
    Sandbox sandbox = Sandbox.detect(settings.network());
    log.info("quality gate: commands run with {}; {} run(s) at once, {} s per command, {} s per gate", sandbox.describe(),
        settings.parallelRuns(), settings.commandTimeout().toSeconds(), settings.gateTimeout().toSeconds());
    RoleServiceConfig<GateRequested, GateResult> config = config(context, settings);
    GateRuns runs = runs(context.dataDirFor(ROLE), Workspaces.from(context, ROLE), sandbox, settings, context,
        config.producerName());
    RoleService<GateRequested, GateResult> service = new RoleService<>(config, new GateHandler(runs)).start();
    return () -> {
      service.close();
      runs.close();
    };
  }

  static RoleServiceConfig<GateRequested, GateResult> config(ServiceContext context, GateSettings settings) {
    return RoleServiceConfig
        .builder(ROLE, context.kafka(), Topics.QUALITY_GATE_REQUESTS, Topics.QUALITY_GATE_RESULTS)
        .concurrency(settings.concurrency())
        .handlerTimeout(settings.handlerTimeout())
        .maxContinuations(settings.maxContinuations())
        .build();
  }

  /** Everything a gate run needs, under the service's data directory. */
  static GateRuns runs(Path dataDir, Workspaces workspaces, Sandbox sandbox, GateSettings settings,
      ServiceContext context, String producer) {
    GateEnvironment environment = new GateEnvironment(settings.pass(), settings.path());
    CommitMeasurer measurer = new CommitMeasurer(new CommandRunner(sandbox), environment, context.environment(),
        CommandLimits.of(settings.commandTimeout()), Clock.systemUTC());
    GateRun run = new GateRun(workspaces, measurer, new BaseMeasurements(dataDir.resolve("base")), sandbox, settings,
        dataDir.resolve("runs"), producer, Clock.systemUTC());
    return new GateRuns(dataDir.resolve("results"), run::run, settings.parallelRuns(),
        Executors.newVirtualThreadPerTaskExecutor());
  }
}
