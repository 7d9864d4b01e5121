package dev.orkestra.planner.context;

import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;

/**
 * The repository's files for a prompt: every path when they fit the bound, else the files at the
 * root and the directories two levels deep with how many files each holds — a map of the repository
 * rather than its first few hundred paths in alphabetical order, which would show one corner of it.
 */
final class TreeSummary {

  private TreeSummary() {}

  static String of(RepositoryFiles files, int maxLines) {
    NavigableSet<String> paths = files.paths();
    StringBuilder out = new StringBuilder();
    if (paths.size() <= maxLines) {
      out.append(paths.size()).append(paths.size() == 1 ? " file:\n" : " files:\n");
      paths.forEach(path -> out.append(path).append('\n'));
      return out.toString();
    }
    List<String> rootFiles = paths.stream().filter(path -> !path.contains("/")).toList();
    Map<String, Integer> directories = new TreeMap<>();
    for (String path : paths) {
      String[] parts = path.split("/");
      if (parts.length > 1) {
        directories.merge(parts[0] + "/", 1, Integer::sum);
      }
      if (parts.length > 2) {
        directories.merge(parts[0] + "/" + parts[1] + "/", 1, Integer::sum);
      }
    }
    out.append(paths.size()).append(" files, more than the ").append(maxLines)
        .append(" paths a prompt lists; summarized as the files at the root and the file count of each directory")
        .append(" (two levels deep):\n");
    int lines = 0;
    for (String path : rootFiles) {
      if (lines++ >= maxLines / 2) {
        out.append("... and ").append(rootFiles.size() - maxLines / 2).append(" more files at the root\n");
        break;
      }
      out.append(path).append('\n');
    }
    int shown = 0;
    for (Map.Entry<String, Integer> directory : directories.entrySet()) {
      if (lines++ >= maxLines) {
        out.append("... and ").append(directories.size() - shown).append(" more directories\n");
        break;
      }
      shown++;
      out.append(directory.getKey()).append(" (").append(directory.getValue())
          .append(directory.getValue() == 1 ? " file)\n" : " files)\n");
    }
    return out.toString();
  }
}
