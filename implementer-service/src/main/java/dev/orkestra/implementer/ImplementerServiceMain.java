package dev.orkestra.implementer;

import dev.orkestra.runtime.ServiceHost;
import java.util.List;

/** Deployable entry point of the implementer role, against any cluster ({@code KAFKA_BOOTSTRAP_SERVERS}). */
public final class ImplementerServiceMain {

  private ImplementerServiceMain() {}

  public static void main(String[] args) throws Exception {
    ServiceHost.run(List.of(new ImplementerServiceProvider()));
  }
}
