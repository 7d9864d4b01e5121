package dev.orkestra.auditor;

import java.time.Duration;
import dev.orkestra.events.query.AuditCompleted;
import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.runtime.RoleService;
import dev.orkestra.runtime.RoleServiceConfig;
import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.ServiceProvider;
import dev.orkestra.topics.Topics;
import java.time.Clock;

/** The auditor role service, found by {@code orkestra up} through {@link java.util.ServiceLoader}. */
public final class AuditorServiceProvider implements ServiceProvider {

  public static final String ROLE = "auditor";

  // Rules are pure CPU over one answer: a few handlers saturate a core.
  private static final int DEFAULT_CONCURRENCY = 4;

  /** Rules over one answer; the coordinator gives the audit stage 15 s. */
  public static final Duration HANDLER_TIMEOUT = Duration.ofSeconds(10);

  @Override
  public String name() {
    return ROLE;
  }

  @Override
  public AutoCloseable start(ServiceContext context) {
    return new RoleService<>(config(context), new AuditorHandler(Auditor.standard(Clock.systemUTC()))).start();
  }

  static RoleServiceConfig<AuditRequested, AuditCompleted> config(ServiceContext context) {
    return RoleServiceConfig
        .builder(ROLE, context.kafka(), Topics.AUDITOR_REQUESTS, Topics.AUDITOR_RESULTS)
        .concurrency(context.intSetting("orkestra." + ROLE + ".concurrency", DEFAULT_CONCURRENCY))
        .handlerTimeout(HANDLER_TIMEOUT)
        .build();
  }
}
