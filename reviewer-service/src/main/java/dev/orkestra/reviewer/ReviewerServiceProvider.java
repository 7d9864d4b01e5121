package dev.orkestra.reviewer;

import dev.orkestra.events.task.ReviewCompleted;
import dev.orkestra.events.task.ReviewRequested;
import dev.orkestra.planner.context.ContextBounds;
import dev.orkestra.planner.context.RepositoryReading;
import dev.orkestra.reviewer.diff.CommitDiff;
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
 * The reviewer role service ({@code ReviewRequested} → {@code ReviewCompleted}), plans and code
 * alike. The model is the one each request names; code is read through this service's own reader
 * under the operator's {@code orkestra.sources.*} rules. Setting: {@code orkestra.reviewer.concurrency}.
 */
public final class ReviewerServiceProvider implements ServiceProvider {

  public static final String ROLE = Reviewer.ROLE;

  private static final int DEFAULT_CONCURRENCY = 4;

  /**
   * As the planner's: longer than a review's whole work, so the 12 s delivery lock always cuts an
   * attempt first and the work is continued rather than retried (docs/task-roles.md).
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
  AutoCloseable start(ServiceContext context, RoleServiceConfig<ReviewRequested, ReviewCompleted> config) {
    RoutingSourceReader reader = SourceReaders.forService(context, ROLE);
    Reviewer reviewer = new Reviewer(RoleModelChoice.load(context, ROLE),
        new RepositoryReading(reader, ContextBounds.DEFAULT), new CommitDiff(reader, CommitDiff.Bounds.DEFAULT));
    return RoleService.startOwning(config, reviewer::review, reader);
  }

  static RoleServiceConfig.Builder<ReviewRequested, ReviewCompleted> config(ServiceContext context) {
    return RoleServiceConfig
        .builder(ROLE, context.kafka(), Topics.REVIEWER_REQUESTS, Topics.REVIEWER_RESULTS)
        .concurrency(context.intSetting("orkestra." + ROLE + ".concurrency", DEFAULT_CONCURRENCY))
        .handlerTimeout(HANDLER_TIMEOUT);
  }
}
