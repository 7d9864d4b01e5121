package dev.orkestra.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Where the local run keeps its data: {@code $ORKESTRA_HOME}, else {@code ~/.orkestra}. */
final class DataDirs {

  private DataDirs() {}

  static Path defaultHome() {
    String home = System.getenv("ORKESTRA_HOME");
    return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".orkestra");
  }

  /** The model registry: the given file, else {@code $ORKESTRA_MODELS}, else {@code <home>/models.yaml}. */
  static Path modelsFile(Path given) {
    if (given != null) {
      return given;
    }
    String env = System.getenv("ORKESTRA_MODELS");
    return env != null && !env.isBlank() ? Path.of(env) : defaultHome().resolve("models.yaml");
  }

  /**
   * Service settings: {@code ORKESTRA_<SERVICE>_<KEY>} environment variables become
   * {@code orkestra.<service>.<key>}; {@code -Dorkestra.*} system properties override them.
   */
  static Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>();
    System.getenv().forEach((key, value) -> {
      if (key.startsWith("ORKESTRA_") && !key.endsWith("_KEY") && !key.endsWith("_TOKEN")) {
        settings.put(key.toLowerCase().replace('_', '.'), value);
      }
    });
    System.getProperties().forEach((key, value) -> {
      if (key.toString().startsWith("orkestra.")) {
        settings.put(key.toString(), value.toString());
      }
    });
    return settings;
  }
}
