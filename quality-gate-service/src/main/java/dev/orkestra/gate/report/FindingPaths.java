package dev.orkestra.gate.report;

import java.nio.file.Path;

/**
 * Tools name files absolutely (javac under Maven, checkstyle, SARIF {@code file://} URIs) or
 * relative to where they ran. The gate compares a commit with its base, checked out in two
 * different directories, so every path becomes relative to its work tree.
 */
final class FindingPaths {

  private FindingPaths() {}

  static String relative(String reported, Path root) {
    if (reported == null || reported.isBlank()) {
      return null;
    }
    String path = reported.strip();
    if (path.startsWith("file://")) {
      path = path.substring("file://".length());
    }
    path = path.replace('\\', '/');
    for (String rootText : roots(root)) {
      if (path.startsWith(rootText + "/")) {
        path = path.substring(rootText.length() + 1);
        break;
      }
    }
    while (path.startsWith("./")) {
      path = path.substring(2);
    }
    return path;
  }

  /** The work tree as given and as the file system resolves it (a tool may print either). */
  private static java.util.List<String> roots(Path root) {
    String given = root.toAbsolutePath().normalize().toString();
    try {
      String real = root.toRealPath().toString();
      return real.equals(given) ? java.util.List.of(given) : java.util.List.of(given, real);
    } catch (java.io.IOException e) {
      return java.util.List.of(given);
    }
  }
}
