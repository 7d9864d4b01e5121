package dev.orkestra.coordinator;

import dev.orkestra.runtime.ServiceHost;
import java.util.List;

/**
 * The coordinator on its own, for the distributed deployment: {@code KAFKA_BOOTSTRAP_SERVERS}
 * (default {@code localhost:9092}), state under {@code $ORKESTRA_HOME} (default
 * {@code ~/.orkestra}), settings from {@code ORKESTRA_COORDINATOR_*} / {@code -Dorkestra.coordinator.*}.
 * Runs until the JVM is asked to stop, then closes gracefully.
 */
public final class CoordinatorMain {

  private CoordinatorMain() {}

  public static void main(String[] args) throws Exception {
    ServiceHost.run(List.of(new CoordinatorServiceProvider()));
  }
}
