package dev.orkestra.verifier;

import java.util.List;
import dev.orkestra.runtime.ServiceHost;
/**
 * Deployable entry point: the verifier alone against the cluster in {@code KAFKA_BOOTSTRAP_SERVERS},
 * reading GitHub with {@code GITHUB_TOKEN} when set (anonymously otherwise).
 */
public final class VerifierMain {

  private VerifierMain() {}

  public static void main(String[] args) throws Exception {
    ServiceHost.run(List.of(new VerifierServiceProvider()));
  }
}
