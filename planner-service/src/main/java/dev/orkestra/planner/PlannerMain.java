package dev.orkestra.planner;

import dev.orkestra.runtime.ServiceHost;
import java.util.List;

/**
 * Deployable entry point: the planner alone against the cluster in {@code KAFKA_BOOTSTRAP_SERVERS},
 * with the model registry of {@code ORKESTRA_MODELS} and the {@code ORKESTRA_SOURCES_*} rules.
 */
public final class PlannerMain {

  private PlannerMain() {}

  public static void main(String[] args) throws Exception {
    ServiceHost.run(List.of(new PlannerServiceProvider()));
  }
}
