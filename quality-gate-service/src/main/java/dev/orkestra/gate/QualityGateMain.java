package dev.orkestra.gate;

import dev.orkestra.runtime.ServiceHost;
import java.util.List;

/** Deployable entry point: the quality gate on its own, against the cluster the environment names. */
public final class QualityGateMain {

  private QualityGateMain() {}

  public static void main(String[] args) throws Exception {
    ServiceHost.run(List.of(new QualityGateServiceProvider()));
  }
}
