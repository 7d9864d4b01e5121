package dev.orkestra.auditor;

import dev.orkestra.runtime.ServiceHost;
import java.util.List;

/** Deployable entry point: the auditor role against {@code KAFKA_BOOTSTRAP_SERVERS}. */
public final class AuditorServiceMain {

  private AuditorServiceMain() {}

  public static void main(String[] args) throws Exception {
    ServiceHost.run(List.of(new AuditorServiceProvider()));
  }
}
