package dev.orkestra.extractor;

import java.time.Duration;
import dev.orkestra.events.query.ExtractionCompleted;
import dev.orkestra.events.query.ExtractionRequested;
import dev.orkestra.runtime.RoleService;
import dev.orkestra.runtime.RoleServiceConfig;
import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.ServiceProvider;
import dev.orkestra.runtime.source.RoutingSourceReader;
import dev.orkestra.runtime.source.SourceReaders;
import dev.orkestra.topics.Topics;

/**
 * The extractor role service, found by {@code orkestra up} through {@link java.util.ServiceLoader}.
 * It owns its reader: clones under its own state directory, its own GitHub client.
 */
public final class ExtractorServiceProvider implements ServiceProvider {

  public static final String ROLE = "extractor";
  public static final String CONCURRENCY = "orkestra." + ROLE + ".concurrency";

  // Extraction waits on git and the GitHub API, not the CPU: 16 reads in flight per instance.
  private static final int DEFAULT_CONCURRENCY = 16;

  /** One read of one file; the coordinator gives extraction and verification together 30 s. */
  public static final Duration HANDLER_TIMEOUT = Duration.ofSeconds(12);

  @Override
  public String name() {
    return ROLE;
  }

  @Override
  public AutoCloseable start(ServiceContext context) {
    return start(context, config(context).build());
  }

  /** Starts on the given topics (tests use private topics, and a context with their own environment). */
  AutoCloseable start(ServiceContext context, RoleServiceConfig<ExtractionRequested, ExtractionCompleted> config) {
    RoutingSourceReader reader = SourceReaders.forService(context, ROLE);
    return RoleService.startOwning(config, new ExtractionHandler(reader), reader);
  }

  static RoleServiceConfig.Builder<ExtractionRequested, ExtractionCompleted> config(ServiceContext context) {
    return RoleServiceConfig
        .builder(ROLE, context.kafka(), Topics.EXTRACTOR_REQUESTS, Topics.EXTRACTOR_RESULTS)
        .concurrency(context.intSetting(CONCURRENCY, DEFAULT_CONCURRENCY))
        .handlerTimeout(HANDLER_TIMEOUT);
  }
}
