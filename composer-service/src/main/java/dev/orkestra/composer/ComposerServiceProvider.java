package dev.orkestra.composer;

import java.time.Duration;
import dev.orkestra.events.query.CompositionCompleted;
import dev.orkestra.events.query.CompositionRequested;
import dev.orkestra.runtime.RoleService;
import dev.orkestra.runtime.RoleServiceConfig;
import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.ServiceProvider;
import dev.orkestra.topics.Topics;
import java.time.Clock;

/** The composer role service, found by {@code orkestra up} through {@link java.util.ServiceLoader}. */
public final class ComposerServiceProvider implements ServiceProvider {

  public static final String ROLE = "composer";

  // Composition is pure CPU work over small records: a few handlers saturate a core.
  private static final int DEFAULT_CONCURRENCY = 4;

  /** Pure composition; the coordinator gives the composition stage 15 s. */
  public static final Duration HANDLER_TIMEOUT = Duration.ofSeconds(10);

  @Override
  public String name() {
    return ROLE;
  }

  @Override
  public AutoCloseable start(ServiceContext context) {
    return new RoleService<>(config(context), new ComposerHandler(Clock.systemUTC())).start();
  }

  static RoleServiceConfig<CompositionRequested, CompositionCompleted> config(ServiceContext context) {
    return RoleServiceConfig
        .builder(ROLE, context.kafka(), Topics.COMPOSER_REQUESTS, Topics.COMPOSER_RESULTS)
        .concurrency(context.intSetting("orkestra." + ROLE + ".concurrency", DEFAULT_CONCURRENCY))
        .handlerTimeout(HANDLER_TIMEOUT)
        .build();
  }
}
