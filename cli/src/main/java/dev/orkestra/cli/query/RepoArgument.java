package dev.orkestra.cli.query;

import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.runtime.source.SourceException;
import dev.orkestra.runtime.source.SourceValidation;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code --repo} names: a local work tree or bare repository (an existing directory), a clone
 * URL, or GitHub's {@code owner/name}. A directory wins over owner/name, so {@code ./a/b} style
 * local paths are never sent to GitHub.
 */
public final class RepoArgument {

  private RepoArgument() {}

  public static RepoRef parse(String repo, String ref) {
    try {
      SourceValidation.ref(ref);
      Path local = Path.of(repo);
      if (Files.isDirectory(local)) {
        return new RepoRef(RepoKind.LOCAL, local.toAbsolutePath().normalize().toString(), ref, null);
      }
      if (repo.matches("(?i)(file|https|ssh)://.*")) {
        return new RepoRef(RepoKind.LOCAL, SourceValidation.localRepo(repo), ref, null);
      }
      return new RepoRef(RepoKind.GITHUB, SourceValidation.githubRepo(repo), ref, null);
    } catch (SourceException e) {
      throw new IllegalArgumentException("--" + e.field() + ": " + e.getMessage().replaceFirst("^invalid \\w+: ", "")
          + (e.field().equals("repo") ? " (or an existing local git directory)" : ""), e);
    } catch (java.nio.file.InvalidPathException e) {
      throw new IllegalArgumentException("--repo: not a valid path or owner/name: " + e.getMessage(), e);
    }
  }
}
