package dev.orkestra.cli;

import java.nio.file.Path;

/** Where the local run keeps its data: {@code $ORKESTRA_HOME}, else {@code ~/.orkestra}. */
final class DataDirs {

  private DataDirs() {}

  static Path defaultHome() {
    String home = System.getenv("ORKESTRA_HOME");
    return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".orkestra");
  }
}
