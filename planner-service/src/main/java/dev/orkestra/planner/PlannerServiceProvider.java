package dev.orkestra.planner;

import dev.orkestra.events.task.PlanProposed;
import dev.orkestra.events.task.PlanRequested;
import dev.orkestra.planner.context.ContextBounds;
import dev.orkestra.planner.context.RepositoryReading;
import dev.orkestra.planner.context.RetrievedContext;
import dev.orkestra.runtime.RoleModelChoice;
import dev.orkestra.runtime.RoleService;
import dev.orkestra.runtime.RoleServiceConfig;
import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.ServiceProvider;
import dev.orkestra.runtime.source.RoutingSourceReader;
import dev.orkestra.runtime.source.SourceReaders;
import dev.orkestra.topics.Topics;
import java.time.Duration;

/**
 * The planner role service ({@code PlanRequested} → {@code PlanProposed}). The model is the one each
 * request names, from the registry ({@code orkestra up --models}); repositories are read through
 * this service's own reader under the operator's {@code orkestra.sources.*} rules. Setting:
 * {@code orkestra.planner.concurrency}.
 */
public final class PlannerServiceProvider implements ServiceProvider {

  public static final String ROLE = Planner.ROLE;

  // Plans are rare and slow (minutes of model time each): a few at once per instance.
  private static final int DEFAULT_CONCURRENCY = 4;

  /**
   * Longer than a plan's whole work (two model calls, a repository read), so an attempt is never
   * cut by this timeout: every delivery is cut by its 12 s lock first and the work is continued,
   * joining the model call still running (docs/runtime.md). Task requests carry no deadline, so the
   * bound on the work is the runtime's 60 continuations (~12 minutes, docs/task-roles.md).
   */
  public static final Duration HANDLER_TIMEOUT = Duration.ofMinutes(20);

  @Override
  public String name() {
    return ROLE;
  }

  @Override
  public AutoCloseable start(ServiceContext context) {
    return start(context, config(context).build());
  }

  /** Starts on the given topics (tests use private topics). */
  AutoCloseable start(ServiceContext context, RoleServiceConfig<PlanRequested, PlanProposed> config) {
    RoutingSourceReader reader = SourceReaders.forService(context, ROLE);
    Planner planner = new Planner(RoleModelChoice.load(context, ROLE), new RepositoryReading(reader,
        ContextBounds.DEFAULT), RetrievedContext.NONE);
    return RoleService.startOwning(config, planner::plan, reader);
  }

  static RoleServiceConfig.Builder<PlanRequested, PlanProposed> config(ServiceContext context) {
    return RoleServiceConfig
        .builder(ROLE, context.kafka(), Topics.PLANNER_REQUESTS, Topics.PLANNER_RESULTS)
        .concurrency(context.intSetting("orkestra." + ROLE + ".concurrency", DEFAULT_CONCURRENCY))
        .handlerTimeout(HANDLER_TIMEOUT);
  }
}
