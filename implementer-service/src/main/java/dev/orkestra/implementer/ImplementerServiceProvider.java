package dev.orkestra.implementer;

import dev.orkestra.events.task.ChangeProposed;
import dev.orkestra.events.task.ImplementationRequested;
import dev.orkestra.implementer.backend.ImplementerBackend;
import dev.orkestra.implementer.backend.ModelEditBackend;
import dev.orkestra.runtime.RoleModelChoice;
import dev.orkestra.runtime.RoleService;
import dev.orkestra.runtime.RoleServiceConfig;
import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.ServiceProvider;
import dev.orkestra.runtime.workspace.Workspaces;
import dev.orkestra.topics.Topics;
import java.time.Duration;

/**
 * The implementer role service. Settings: {@code orkestra.implementer.model} (the model when a
 * request names none; requests name the coordinator's routing choice), {@code
 * orkestra.implementer.concurrency}; repositories are the deployment's source policy's
 * ({@code orkestra.sources.*}), work trees live under the service's data directory, the push token
 * is {@code ORKESTRA_GIT_TOKEN}.
 */
public final class ImplementerServiceProvider implements ServiceProvider {

  public static final String ROLE = ModelEditBackend.ROLE;

  // Each request holds a work tree on disk and waits on a model; the model's own limit queues the calls.
  private static final int DEFAULT_CONCURRENCY = 4;

  /**
   * A step is a first call and up to two repair rounds, each as long as the model's timeout. Longer
   * than any delivery on purpose: an attempt is cut by its 12 s delivery and continued (task requests
   * carry no deadline), never failed for time; the runtime's continuation limit bounds the request.
   */
  public static final Duration HANDLER_TIMEOUT = Duration.ofMinutes(10);

  @Override
  public String name() {
    return ROLE;
  }

  @Override
  public AutoCloseable start(ServiceContext context) {
    return start(context, config(context), new ModelEditBackend());
  }

  /** The role on {@code config}'s topics with {@code backend} editing the work trees (tests choose both). */
  public AutoCloseable start(ServiceContext context, RoleServiceConfig<ImplementationRequested, ChangeProposed> config,
      ImplementerBackend backend) {
    ImplementerHandler handler = new ImplementerHandler(Workspaces.from(context, ROLE),
        RoleModelChoice.load(context, ROLE), backend);
    return new RoleService<>(config, handler).start();
  }

  static RoleServiceConfig<ImplementationRequested, ChangeProposed> config(ServiceContext context) {
    return RoleServiceConfig
        .builder(ROLE, context.kafka(), Topics.IMPLEMENTER_REQUESTS, Topics.IMPLEMENTER_RESULTS)
        .concurrency(context.intSetting("orkestra." + ROLE + ".concurrency", DEFAULT_CONCURRENCY))
        .handlerTimeout(HANDLER_TIMEOUT)
        .build();
  }
}
