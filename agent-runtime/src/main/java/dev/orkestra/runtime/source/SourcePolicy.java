package dev.orkestra.runtime.source;

import dev.orkestra.runtime.ServiceContext;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a deployment lets its readers reach — the trust boundary between whoever may publish a
 * question and the hosts the services run on (docs/security.md). Anyone who can write to
 * {@code orkestra.queries} names a repository; only the operator decides which ones are read:
 *
 * <ul>
 *   <li>{@value #LOCAL_ROOTS}: local repositories (directories and {@code file://} URLs) only under
 *       these directories, compared after resolving symlinks and {@code ..}; none by default;
 *   <li>{@value #CLONE_HOSTS}: {@code https://} clones only from these hosts; none by default;
 *   <li>{@value #MAX_CLONE_BYTES}: a clone or fetch stops when its mirror grows past this size;
 *   <li>{@value #GITHUB_TOKEN_REPOS}: {@code GITHUB_TOKEN} is sent only for these repositories
 *       ({@code owner/name}, {@code owner/*}, {@code *}); every other repository is read anonymously.
 * </ul>
 *
 * Settings come from {@code -Dorkestra.sources.*} or {@code ORKESTRA_SOURCES_*} (see
 * {@code ServiceHost.settings}); the CLI adds the directories and repositories named on its
 * command line ({@code up --repo-root}, {@code ask --repo}).
 */
public record SourcePolicy(List<Path> localRoots, Set<String> cloneHosts, long maxCloneBytes,
    List<String> githubTokenRepos) {

  public static final String LOCAL_ROOTS = "orkestra.sources.local.roots";
  public static final String CLONE_HOSTS = "orkestra.sources.clone.hosts";
  public static final String MAX_CLONE_BYTES = "orkestra.sources.max.clone.bytes";
  public static final String GITHUB_TOKEN_REPOS = "orkestra.sources.github.token.repos";
  /** 512 MiB: room for most repositories' full history, far below a disk. */
  public static final long DEFAULT_MAX_CLONE_BYTES = 512L * 1024 * 1024;

  private static final Pattern TOKEN_REPO = Pattern.compile("\\*|[A-Za-z0-9][A-Za-z0-9-]{0,38}/(\\*|[A-Za-z0-9._-]{1,100})");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+(:[0-9]{1,5})?");

  public SourcePolicy {
    localRoots = localRoots.stream().map(SourcePolicy::canonical).distinct().toList();
    cloneHosts = cloneHosts.stream().map(host -> host.strip().toLowerCase(Locale.ROOT))
        .collect(Collectors.toUnmodifiableSet());
    for (String host : cloneHosts) {
      if (!HOST.matcher(host).matches()) {
        throw new IllegalArgumentException(CLONE_HOSTS + ": '" + host + "' is not a host name (host or host:port)");
      }
    }
    if (maxCloneBytes < 1) {
      throw new IllegalArgumentException(MAX_CLONE_BYTES + " must be at least 1, was " + maxCloneBytes);
    }
    githubTokenRepos = githubTokenRepos.stream().map(String::strip).toList();
    for (String pattern : githubTokenRepos) {
      if (!TOKEN_REPO.matcher(pattern).matches()) {
        throw new IllegalArgumentException(GITHUB_TOKEN_REPOS + ": '" + pattern
            + "' is not owner/name, owner/* or *");
      }
    }
  }

  /** Nothing local, no clones, no token: what a deployment allows until its operator says otherwise. */
  public static SourcePolicy none() {
    return new SourcePolicy(List.of(), Set.of(), DEFAULT_MAX_CLONE_BYTES, List.of());
  }

  /** Local repositories under {@code roots} only (tests, and the CLI's one-repository systems). */
  public static SourcePolicy localRoots(Path... roots) {
    return none().withLocalRoots(List.of(roots));
  }

  public static SourcePolicy from(ServiceContext context) {
    return from(context.settings());
  }

  public static SourcePolicy from(Map<String, String> settings) {
    String maxBytes = settings.getOrDefault(MAX_CLONE_BYTES, "").strip();
    long max;
    try {
      max = maxBytes.isEmpty() ? DEFAULT_MAX_CLONE_BYTES : Long.parseLong(maxBytes);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(MAX_CLONE_BYTES + " must be a number of bytes, was '" + maxBytes + "'");
    }
    return new SourcePolicy(split(settings.get(LOCAL_ROOTS), File.pathSeparator).stream().map(Path::of).toList(),
        Set.copyOf(split(settings.get(CLONE_HOSTS), ",")), max, split(settings.get(GITHUB_TOKEN_REPOS), ","));
  }

  /**
   * {@code settings} with these roots, hosts and token repositories allowed too (on top of what
   * the settings already allow): how the CLI passes its command line to the services it starts.
   */
  public static Map<String, String> widened(Map<String, String> settings, Collection<Path> roots,
      Collection<String> hosts, Collection<String> tokenRepos) {
    Map<String, String> result = new HashMap<>(settings);
    append(result, LOCAL_ROOTS, File.pathSeparator, roots.stream().map(root -> canonical(root).toString()).toList());
    append(result, CLONE_HOSTS, ",", hosts);
    append(result, GITHUB_TOKEN_REPOS, ",", tokenRepos);
    return result;
  }

  public SourcePolicy withLocalRoots(Collection<Path> roots) {
    List<Path> all = new ArrayList<>(localRoots);
    all.addAll(roots);
    return new SourcePolicy(all, cloneHosts, maxCloneBytes, githubTokenRepos);
  }

  public SourcePolicy withCloneHosts(String... hosts) {
    Set<String> all = new LinkedHashSet<>(cloneHosts);
    all.addAll(List.of(hosts));
    return new SourcePolicy(localRoots, all, maxCloneBytes, githubTokenRepos);
  }

  public SourcePolicy withMaxCloneBytes(long bytes) {
    return new SourcePolicy(localRoots, cloneHosts, bytes, githubTokenRepos);
  }

  public SourcePolicy withGithubTokenRepos(String... patterns) {
    List<String> all = new ArrayList<>(githubTokenRepos);
    all.addAll(List.of(patterns));
    return new SourcePolicy(localRoots, cloneHosts, maxCloneBytes, all);
  }

  /**
   * The repository directory {@code repo} names, canonical (symlinks and {@code ..} resolved),
   * if it lies under an allowed root; otherwise INVALID naming the rule and how to widen it.
   */
  public Path localRepository(String repo) throws SourceException {
    Path candidate;
    try {
      candidate = canonical(Path.of(repo));
    } catch (InvalidPathException e) {
      throw SourceException.invalid("repo", "not a valid local path");
    }
    for (Path root : localRoots) {
      if (candidate.startsWith(root)) {
        return candidate;
      }
    }
    throw SourceException.invalid("repo", "local repository '" + candidate + "'"
        + " is outside the allowed roots (" + LOCAL_ROOTS + (localRoots.isEmpty() ? ", none configured" : "")
        + "); allow it with `orkestra up --repo-root DIR` or " + environmentName(LOCAL_ROOTS));
  }

  /**
   * Checks a clone URL: {@code file://} like a local repository, {@code https://} against the
   * allowed hosts.
   */
  public void checkCloneUrl(String url) throws SourceException {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw SourceException.invalid("repo", "not a valid clone URL");
    }
    if ("file".equalsIgnoreCase(uri.getScheme())) {
      localRepository(Path.of(uri).toString());
      return;
    }
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    String hostPort = uri.getPort() < 0 ? host : host + ":" + uri.getPort();
    if (host.isEmpty() || !cloneHosts.contains(host) && !cloneHosts.contains(hostPort)) {
      throw SourceException.invalid("repo", "clone host '" + hostPort + "'"
          + " is not allowed (" + CLONE_HOSTS + (cloneHosts.isEmpty() ? ", none configured" : "")
          + "); allow it with `orkestra up --clone-host HOST` or " + environmentName(CLONE_HOSTS));
    }
  }

  /** Whether {@code GITHUB_TOKEN} may be sent when reading {@code ownerName}. */
  public boolean tokenAllowedFor(String ownerName) {
    String name = ownerName.toLowerCase(Locale.ROOT);
    String owner = name.substring(0, Math.max(0, name.indexOf('/')));
    for (String pattern : githubTokenRepos) {
      String p = pattern.toLowerCase(Locale.ROOT);
      if (p.equals("*") || p.equals(name) || p.equals(owner + "/*")) {
        return true;
      }
    }
    return false;
  }

  /** {@code orkestra.sources.local.roots} → {@code ORKESTRA_SOURCES_LOCAL_ROOTS}. */
  static String environmentName(String setting) {
    return setting.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  /** Symlinks and {@code ..} resolved where the path exists; absolute and normalised where it does not. */
  private static Path canonical(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    try {
      return Files.exists(absolute) ? absolute.toRealPath() : absolute;
    } catch (IOException e) {
      return absolute;
    }
  }

  private static List<String> split(String value, String separator) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(Pattern.quote(separator))).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static void append(Map<String, String> settings, String key, String separator, Collection<String> values) {
    if (values.isEmpty()) {
      return;
    }
    List<String> all = new ArrayList<>(split(settings.get(key), separator));
    all.addAll(values);
    settings.put(key, String.join(separator, new LinkedHashSet<>(all)));
  }
}
