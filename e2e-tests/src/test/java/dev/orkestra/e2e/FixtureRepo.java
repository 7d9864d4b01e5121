package dev.orkestra.e2e;

import dev.orkestra.runtime.source.GitRepoBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The test repository of the seed's requests: a small agency dashboard with a README, a
 * {@code backend/server.py} of 90 lines and an authentication module, committed with JGit.
 */
final class FixtureRepo {

  private FixtureRepo() {}

  /** Builds the repository in {@code dir}; returns the builder for further commits. */
  static GitRepoBuilder create(Path dir) {
    GitRepoBuilder repo = GitRepoBuilder.init(dir);
    files().forEach(repo::file);
    repo.commit("agency dashboard");
    return repo;
  }

  /** Every file of the fixture by its path in the repository (e.g. {@code backend/server.py}). */
  static Map<String, String> files() {
    Path source = resourceDir();
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(source)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(source.relativize(file).toString().replace('\\', '/'), Files.readString(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** A file of the fixture as committed. */
  static String read(String path) {
    try {
      return Files.readString(resourceDir().resolve(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lines {@code start..end} (1-based, inclusive) of a fixture file, joined by newlines, without the last one's. */
  static String lines(String path, int start, int end) {
    List<String> all = read(path).lines().toList();
    return String.join("\n", all.subList(start - 1, end));
  }

  private static Path resourceDir() {
    try {
      return Path.of(FixtureRepo.class.getResource("/fixture-repo").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
