package dev.orkestra.e2e;

import dev.orkestra.cli.LocalSystem;
import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.runtime.ServiceProvider;
import dev.orkestra.runtime.source.SourcePolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The whole query pipeline in the test JVM: embedded broker plus every service, with test data dirs. */
final class E2ESystem {

  private E2ESystem() {}

  static LocalSystem start(Path tmp, Path models) throws Exception {
    return start(tmp, models, Map.of(), LocalSystem.discovered());
  }

  static LocalSystem start(Path tmp, Path models, Map<String, String> settings, List<ServiceProvider> services)
      throws Exception {
    return start(tmp, models, settings, services, System::getenv);
  }

  /** With secrets and endpoints (GITHUB_TOKEN, GITHUB_API_URL) from {@code environment} instead of the process's. */
  static LocalSystem start(Path tmp, Path models, Map<String, String> settings, List<ServiceProvider> services,
      Function<String, String> environment) throws Exception {
    Path home = tmp.resolve("home");
    // Tests build their repositories under tmp: that is the allowed root unless a test says otherwise.
    Map<String, String> withRoots = new HashMap<>(settings);
    withRoots.putIfAbsent(SourcePolicy.LOCAL_ROOTS, tmp.toString());
    return LocalSystem.embedded(EmbeddedKafkaBroker.Settings.temporary(tmp.resolve("kafka")),
        LocalSystem.ServiceContextFactory.of(home, models, withRoots, environment), services);
  }

  /** A model registry whose only model is scripted: coaching answers come from a file, never a network. */
  static Path scriptedCoaching(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("coaching-script.yaml"), """
          - role: synthesizer
            match: (?i)oauth
            response: |
              Suggestion: add an OAuth login beside the password login in backend/auth/authentication.py
              (authenticate_user), and create the session with create_session once the provider confirms
              the user. Keep verify_session unchanged so protected routes keep working.
            inputTokens: 420
            outputTokens: 60
          - role: "*"
            match: .
            response: "NOT_AVAILABLE: the verified excerpts do not answer this"
          """);
      Path models = dir.resolve("models.yaml");
      Files.writeString(models, """
          models:
            - id: scripted-coach
              provider: scripted
              model: scripted-1
              family: scripted
              script: coaching-script.yaml
              inputPricePerMillion: 3.0
              outputPricePerMillion: 15.0
              concurrency: 4
              timeout: 30s
          """);
      return models;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
