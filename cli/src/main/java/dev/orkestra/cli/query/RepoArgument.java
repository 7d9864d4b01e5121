package dev.orkestra.cli.query;

import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.runtime.source.SourceException;
import dev.orkestra.runtime.source.SourceValidation;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code --repo} names: a local work tree or bare repository (an existing directory), a clone
 * URL ({@code file://}, {@code https://}), or GitHub's {@code owner/name}. A directory wins over
 * owner/name, so {@code ./a/b} style local paths are never sent to GitHub. SSH forms and URLs with
 * credentials are refused here with the readers' own words.
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
      if (repo.contains("://") || repo.contains("@")) {
        // A clone URL, or what looks like one (ssh, credentials): the readers' rules and words.
        return new RepoRef(RepoKind.LOCAL, SourceValidation.localRepo(repo), ref, null);
      }
      try {
        return new RepoRef(RepoKind.GITHUB, SourceValidation.githubRepo(repo), ref, null);
      } catch (SourceException e) {
        throw new IllegalArgumentException("--repo: " + e.reason() + " (or an existing local git directory)");
      }
    } catch (SourceException e) {
      // The reason is the whole story: as a cause, its "invalid <field>:" message would be printed again.
      throw new IllegalArgumentException("--" + e.field() + ": " + e.reason());
    } catch (java.nio.file.InvalidPathException e) {
      throw new IllegalArgumentException("--repo: not a valid path or owner/name: " + e.getMessage(), e);
    }
  }
}
