package dev.orkestra.cli;

import dev.orkestra.runtime.ServiceHost;
import java.nio.file.Path;
import java.util.Map;

/** Where the local run keeps its data and finds its models: {@link ServiceHost}'s rules, plus CLI options. */
final class DataDirs {

  private DataDirs() {}

  /** {@code $ORKESTRA_HOME}, else {@code ~/.orkestra}. */
  static Path defaultHome() {
    return ServiceHost.home(System.getenv());
  }

  /** The given file, else {@code $ORKESTRA_MODELS}, else {@code <home>/models.yaml}. */
  static Path modelsFile(Path given) {
    return given != null ? given : ServiceHost.modelsFile(System.getenv());
  }

  /** Service settings from the environment and {@code -Dorkestra.*} properties. */
  static Map<String, String> settings() {
    return ServiceHost.settings(System.getenv());
  }
}
