package dev.orkestra.reviewer.diff;

import dev.orkestra.events.common.RepoRef;
import dev.orkestra.planner.context.SourceFailures;
import dev.orkestra.runtime.source.FileEntry;
import dev.orkestra.runtime.source.SourceException;
import dev.orkestra.runtime.source.SourceReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;

/**
 * The unified diff of a change (its base commit against its commit), for a code review prompt. Both
 * trees and every changed file are read through the service's {@link SourceReader} — so the
 * operator's {@code SourcePolicy} holds, and a GitHub repository works like a local one — and diffed
 * with JGit's histogram algorithm. Bounded: files listed, characters per file and in total; what is
 * cut is named. A rename shows as a deletion and an addition (trees are compared by path).
 */
public final class CommitDiff {

  /** @param files changed files diffed at most; {@code fileChars} of diff each; {@code totalChars} in all */
  public record Bounds(int files, int fileChars, int totalChars) {
    public static final Bounds DEFAULT = new Bounds(40, 20_000, 80_000);
  }

  private static final int CONTEXT_LINES = 3;

  private final SourceReader reader;
  private final Bounds bounds;

  public CommitDiff(SourceReader reader, Bounds bounds) {
    this.reader = reader;
    this.bounds = bounds;
  }

  /** @param repo the repository (its commit is ignored: the diff is {@code baseSha..commitSha}) */
  public String between(RepoRef repo, String baseSha, String commitSha) throws Exception {
    RepoRef base = at(repo, baseSha);
    RepoRef head = at(repo, commitSha);
    Map<String, String> before = blobs(base);
    Map<String, String> after = blobs(head);
    TreeSet<String> paths = new TreeSet<>(before.keySet());
    paths.addAll(after.keySet());
    List<String> changed = paths.stream().filter(p -> !Objects.equals(before.get(p), after.get(p))).toList();
    if (changed.isEmpty()) {
      return "(no changes: the commit's tree is its base's)\n";
    }
    StringBuilder out = new StringBuilder();
    List<String> left = new ArrayList<>();
    for (int i = 0; i < changed.size(); i++) {
      String path = changed.get(i);
      if (i >= bounds.files() || out.length() >= bounds.totalChars()) {
        left.add(path);
        continue;
      }
      String diff = fileDiff(base, head, path, before.containsKey(path), after.containsKey(path));
      int room = Math.min(bounds.fileChars(), bounds.totalChars() - out.length());
      if (diff.length() > room) {
        out.append(diff, 0, room).append("\n[diff of '").append(path).append("' cut: ")
            .append(diff.length() - room).append(" more characters not shown]\n");
      } else {
        out.append(diff);
      }
    }
    if (!left.isEmpty()) {
      out.append("[").append(left.size()).append(" more changed files not shown (bounds: ").append(bounds.files())
          .append(" files, ").append(bounds.totalChars()).append(" characters): ").append(String.join(", ", left))
          .append("]\n");
    }
    return out.toString();
  }

  private String fileDiff(RepoRef base, RepoRef head, String path, boolean existed, boolean exists) throws Exception {
    StringBuilder out = new StringBuilder("diff --git a/").append(path).append(" b/").append(path).append('\n');
    out.append(!existed ? "new file\n" : !exists ? "deleted file\n" : "");
    byte[] old = existed ? content(base, path) : new byte[0];
    byte[] now = exists ? content(head, path) : new byte[0];
    if (old == null || now == null) {
      return out.append("(binary or too large: content not shown)\n").toString();
    }
    out.append("--- ").append(existed ? "a/" + path : "/dev/null").append('\n');
    out.append("+++ ").append(exists ? "b/" + path : "/dev/null").append('\n');
    return out.append(hunks(old, now)).toString();
  }

  private static String hunks(byte[] old, byte[] now) throws IOException {
    RawText a = new RawText(old);
    RawText b = new RawText(now);
    EditList edits = DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
        .diff(RawTextComparator.DEFAULT, a, b);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DiffFormatter formatter = new DiffFormatter(bytes)) {
      formatter.setContext(CONTEXT_LINES);
      formatter.format(edits, a, b);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** The file's bytes, or {@code null} when the reader will not give them as text (binary, too large). */
  private byte[] content(RepoRef repo, String path) throws Exception {
    try {
      return reader.read(repo, path).content();
    } catch (SourceException e) {
      if (e.kind() == SourceException.Kind.NOT_TEXT || e.kind() == SourceException.Kind.TOO_LARGE) {
        return null;
      }
      throw SourceFailures.of(e, "change");
    }
  }

  private Map<String, String> blobs(RepoRef repo) throws Exception {
    try {
      Map<String, String> blobs = new TreeMap<>();
      for (FileEntry entry : reader.list(repo)) {
        blobs.put(entry.path(), entry.blobSha());
      }
      return blobs;
    } catch (SourceException e) {
      throw SourceFailures.of(e, "change");
    }
  }

  private static RepoRef at(RepoRef repo, String sha) {
    return RepoRef.newBuilder(repo).setCommitSha(sha).build();
  }
}
