package dev.orkestra.retriever.index;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The indexable files of one commit (path → blob SHA), saved once the commit's index is complete.
 * Its presence on disk is what says "this commit is indexed": a run interrupted before the end
 * leaves none, and the next run picks up what was already written. The file's modification time
 * records the commit's last use, for dropping the least recently used commits.
 */
public record CommitManifest(String commitSha, Map<String, String> blobsByPath) {

  private static final String HEADER = "# orkestra retriever manifest v1 ";

  public CommitManifest {
    blobsByPath = Map.copyOf(blobsByPath);
  }

  public List<String> keys() {
    List<String> keys = new ArrayList<>(blobsByPath.size());
    blobsByPath.forEach((path, blob) -> keys.add(IndexFields.key(blob, path)));
    return keys;
  }

  static Path file(Path commitsDir, String commitSha) {
    return commitsDir.resolve(commitSha + ".manifest");
  }

  void save(Path commitsDir) throws IOException {
    Files.createDirectories(commitsDir);
    StringBuilder text = new StringBuilder(HEADER).append(commitSha).append('\n');
    blobsByPath.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> text.append(e.getValue()).append('\t').append(e.getKey()).append('\n'));
    Path partial = Files.createTempFile(commitsDir, commitSha, ".part");
    Files.writeString(partial, text, StandardCharsets.UTF_8);
    Files.move(partial, file(commitsDir, commitSha), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  /** The saved manifest, or null when the commit was never completely indexed. */
  static CommitManifest load(Path commitsDir, String commitSha) throws IOException {
    Path file = file(commitsDir, commitSha);
    if (!Files.exists(file)) {
      return null;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.getFirst().equals(HEADER + commitSha)) {
      return null; // foreign or damaged: index the commit again
    }
    Map<String, String> blobs = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      int tab = line.indexOf('\t');
      if (tab > 0) {
        blobs.put(line.substring(tab + 1), line.substring(0, tab));
      }
    }
    return new CommitManifest(commitSha, blobs);
  }

  static void touch(Path commitsDir, String commitSha) {
    try {
      Files.setLastModifiedTime(file(commitsDir, commitSha), FileTime.from(Instant.now()));
    } catch (IOException e) {
      // only the eviction order suffers
    }
  }
}
