package dev.orkestra.composer;

import dev.orkestra.runtime.ServiceHost;
import dev.orkestra.runtime.ServiceProvider;
import dev.orkestra.synthesis.SynthesizerServiceProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * Deployable entry point of this module: {@code ComposerServiceMain [composer] [synthesizer]} starts the
 * named roles (both by default), so each can be scaled as its own deployment.
 */
public final class ComposerServiceMain {

  private ComposerServiceMain() {}

  public static void main(String[] args) throws Exception {
    List<ServiceProvider> available = List.of(new ComposerServiceProvider(), new SynthesizerServiceProvider());
    List<ServiceProvider> chosen = new ArrayList<>();
    for (ServiceProvider provider : available) {
      if (args.length == 0 || List.of(args).contains(provider.name())) {
        chosen.add(provider);
      }
    }
    if (chosen.isEmpty()) {
      System.err.println("usage: ComposerServiceMain [composer] [synthesizer]");
      System.exit(2);
    }
    ServiceHost.run(chosen);
  }
}
