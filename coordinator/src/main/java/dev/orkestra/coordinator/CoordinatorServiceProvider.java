package dev.orkestra.coordinator;

import java.time.Duration;

import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.ServiceProvider;

/**
 * Lets {@code orkestra up} (and {@link CoordinatorMain}) start the coordinator: state under
 * {@code <data dir>/coordinator/streams}, settings {@code orkestra.coordinator.*} (see
 * {@link CoordinatorSettings}; the task pipeline's, {@code orkestra.coordinator.task.*}, in {@link TaskSettings}). The handle it returns is {@link dev.orkestra.runtime.HealthReporting}:
 * a host asks it how the coordinator is doing and learns when it stopped by itself.
 */
public final class CoordinatorServiceProvider implements ServiceProvider {

  public static final String NAME = CoordinatorService.NAME;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CoordinatorService start(ServiceContext context) {
    return CoordinatorService.start(context.kafka(), context.dataDirFor(NAME).resolve("streams"),
        CoordinatorSettings.from(context), TaskSettings.from(context).orElse(null), Duration.ofMinutes(1));
  }
}
