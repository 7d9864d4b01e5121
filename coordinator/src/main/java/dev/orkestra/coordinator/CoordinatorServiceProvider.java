package dev.orkestra.coordinator;

import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.ServiceProvider;

/**
 * Lets {@code orkestra up} (and {@link CoordinatorMain}) start the coordinator: state under
 * {@code <data dir>/coordinator/streams}, settings {@code orkestra.coordinator.*} (see
 * {@link CoordinatorSettings}).
 */
public final class CoordinatorServiceProvider implements ServiceProvider {

  public static final String NAME = "coordinator";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CoordinatorService start(ServiceContext context) {
    return CoordinatorService.start(context.bootstrapServers(), context.dataDirFor(NAME).resolve("streams"),
        CoordinatorSettings.from(context));
  }
}
