package dev.orkestra.extractor;

import java.util.List;
import dev.orkestra.runtime.ServiceHost;
/**
 * Deployable entry point: the extractor alone against the cluster in {@code KAFKA_BOOTSTRAP_SERVERS},
 * reading GitHub with {@code GITHUB_TOKEN} when set (anonymously otherwise).
 */
public final class ExtractorMain {

  private ExtractorMain() {}

  public static void main(String[] args) throws Exception {
    ServiceHost.run(List.of(new ExtractorServiceProvider()));
  }
}
