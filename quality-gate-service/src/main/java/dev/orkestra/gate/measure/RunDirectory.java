package dev.orkestra.gate.measure;

import dev.orkestra.runtime.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The directories of one measurement, outside the work tree and deleted after it: HOME and TMPDIR
 * for its commands (so no tool reads or leaves dotfiles of the service user), the report directory
 * ({@code $ORKESTRA_GATE_REPORTS}) and the commands' logs. When the operator names a Maven user
 * home to share, {@code HOME/.m2} links to it: builds then find their dependencies without network.
 */
public final class RunDirectory implements AutoCloseable {

  private final Path root;

  private RunDirectory(Path root) {
    this.root = root;
  }

  public static RunDirectory create(Path parent, String name, Path sharedMavenHome) throws IOException {
    Files.createDirectories(parent);
    Path root = Files.createTempDirectory(parent, name.replaceAll("[^A-Za-z0-9._-]", "_") + "-");
    RunDirectory run = new RunDirectory(root);
    for (Path dir : new Path[] {run.home(), run.tmp(), run.reports(), run.logs()}) {
      Files.createDirectories(dir);
    }
    if (sharedMavenHome != null) {
      Files.createSymbolicLink(run.home().resolve(".m2"), sharedMavenHome.toAbsolutePath());
    }
    return run;
  }

  public Path home() {
    return root.resolve("home");
  }

  public Path tmp() {
    return root.resolve("tmp");
  }

  public Path reports() {
    return root.resolve("reports");
  }

  public Path logs() {
    return root.resolve("logs");
  }

  @Override
  public void close() {
    // deleteTree does not follow links: the shared Maven home behind HOME/.m2 is left alone.
    Workspace.deleteTree(root);
  }
}
