package dev.orkestra.verifier;

import java.time.Duration;
import dev.orkestra.events.query.VerificationCompleted;
import dev.orkestra.events.query.VerificationRequested;
import dev.orkestra.runtime.RoleService;
import dev.orkestra.runtime.RoleServiceConfig;
import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.ServiceProvider;
import dev.orkestra.runtime.source.SourceReaders;
import dev.orkestra.topics.Topics;

/**
 * The verifier role service, found by {@code orkestra up} through {@link java.util.ServiceLoader}.
 * Its reader is its own — state under {@code <data>/verifier}, its own GitHub client — never the
 * extractor's, even when both run in one JVM.
 */
public final class VerifierServiceProvider implements ServiceProvider {

  public static final String ROLE = "verifier";
  public static final String CONCURRENCY = "orkestra." + ROLE + ".concurrency";

  // Verification waits on git and the GitHub API, not the CPU: 16 reads in flight per instance.
  private static final int DEFAULT_CONCURRENCY = 16;

  /** One independent read; the coordinator gives extraction and verification together 30 s. */
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
  AutoCloseable start(ServiceContext context, RoleServiceConfig<VerificationRequested, VerificationCompleted> config) {
    IndependentReader reader = reader(context);
    return RoleService.startOwning(config, new VerificationHandler(reader), reader);
  }

  static IndependentReader reader(ServiceContext context) {
    return new IndependentReader(SourceReaders.forService(context, ROLE));
  }

  static RoleServiceConfig.Builder<VerificationRequested, VerificationCompleted> config(ServiceContext context) {
    return RoleServiceConfig
        .builder(ROLE, context.kafka(), Topics.VERIFIER_REQUESTS, Topics.VERIFIER_RESULTS)
        .concurrency(context.intSetting(CONCURRENCY, DEFAULT_CONCURRENCY))
        .handlerTimeout(HANDLER_TIMEOUT);
  }
}
