package dev.orkestra.synthesis;

import java.time.Duration;
import dev.orkestra.events.query.SynthesisCompleted;
import dev.orkestra.events.query.SynthesisRequested;
import dev.orkestra.runtime.RoleModelChoice;
import dev.orkestra.runtime.RoleService;
import dev.orkestra.runtime.RoleServiceConfig;
import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.ServiceProvider;
import dev.orkestra.topics.Topics;

/**
 * The synthesizer role service. Settings: {@code orkestra.synthesizer.model} (model id; default the
 * registry's first model) and {@code orkestra.synthesizer.concurrency}.
 */
public final class SynthesizerServiceProvider implements ServiceProvider {

  public static final String ROLE = CoachingSynthesizer.ROLE;

  // Handlers mostly wait on the model; the model's own concurrency limit queues the rest.
  private static final int DEFAULT_CONCURRENCY = 8;

  /** One model call; the coordinator gives the synthesis stage 60 s. A call that outlives an attempt is recorded and taken by the next one. */
  public static final Duration HANDLER_TIMEOUT = Duration.ofSeconds(50);

  @Override
  public String name() {
    return ROLE;
  }

  @Override
  public AutoCloseable start(ServiceContext context) {
    SynthesisModelChoice models = new SynthesisModelChoice(RoleModelChoice.load(context, ROLE));
    return new RoleService<>(config(context), new SynthesizerHandler(new CoachingSynthesizer(models))).start();
  }

  static RoleServiceConfig<SynthesisRequested, SynthesisCompleted> config(ServiceContext context) {
    return RoleServiceConfig
        .builder(ROLE, context.kafka(), Topics.SYNTHESIZER_REQUESTS, Topics.SYNTHESIZER_RESULTS)
        .concurrency(context.intSetting("orkestra." + ROLE + ".concurrency", DEFAULT_CONCURRENCY))
        .handlerTimeout(HANDLER_TIMEOUT)
        .build();
  }
}
