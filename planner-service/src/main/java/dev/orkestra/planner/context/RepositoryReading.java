package dev.orkestra.planner.context;

import dev.orkestra.events.common.RepoRef;
import dev.orkestra.runtime.source.FileBlob;
import dev.orkestra.runtime.source.ResolvedRef;
import dev.orkestra.runtime.source.SourceException;
import dev.orkestra.runtime.source.SourceReader;
import dev.orkestra.runtime.source.Utf8Text;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a task role shows a model of a repository: the tree, the files a task names, the project's
 * policy files — each through the service's own {@link SourceReader}, so the operator's
 * {@code SourcePolicy} decides what may be read at all, and each bounded ({@link ContextBounds}).
 * Only paths from the commit's listing are read. A file that cannot be shown (missing, binary, too
 * large: the reader refuses those) is a note in the prompt; a read that may pass (timeout, 5xx) fails the attempt, so that
 * every run of one request builds the same prompt and a replayed model call is found again.
 */
public final class RepositoryReading {

  /** Policy files read at the repository root (seed 002 "relevant policies"), compared without case. */
  static final List<String> ROOT_POLICY_FILES = List.of("AGENTS.md", "CONTRIBUTING.md", "CLAUDE.md");
  static final String POLICY_DIRECTORY = ".orkestra/";

  private final SourceReader reader;
  private final ContextBounds bounds;

  public RepositoryReading(SourceReader reader, ContextBounds bounds) {
    this.reader = reader;
    this.bounds = bounds;
  }

  /**
   * The repository at {@code repo.commitSha}, or at the commit {@code repo.ref} resolves to.
   *
   * @param field the request field naming the repository, for failures
   */
  public RepositorySnapshot at(RepoRef repo, String field) throws Exception {
    try {
      ResolvedRef resolved = reader.resolve(repo);
      RepoRef pinned = RepoRef.newBuilder(repo).setCommitSha(resolved.commitSha()).build();
      return new RepositorySnapshot(pinned, new RepositoryFiles(reader.list(pinned)));
    } catch (SourceException e) {
      throw SourceFailures.of(e, field);
    }
  }

  public String tree(RepositorySnapshot snapshot) {
    return TreeSummary.of(snapshot.files(), bounds.treePaths());
  }

  /** The files (or directories, or globs) a task names, in its order, each file once. */
  public String contextFiles(RepositorySnapshot snapshot, List<String> entries) throws Exception {
    FileSection section = new FileSection(bounds.fileChars(), bounds.contextChars());
    Set<String> paths = new LinkedHashSet<>();
    for (String entry : entries) {
      List<String> matched = snapshot.files().matching(entry);
      if (matched.isEmpty()) {
        section.note("context file '" + entry + "' matches no file at " + snapshot.commitSha());
      } else if (matched.size() > bounds.filesPerEntry()) {
        section.note("context entry '" + entry + "' holds " + matched.size() + " files; the first "
            + bounds.filesPerEntry() + " are included");
        matched = matched.subList(0, bounds.filesPerEntry());
      }
      paths.addAll(matched);
    }
    for (String path : paths) {
      addFile(section, snapshot, path, "task.contextFiles");
    }
    return section.render();
  }

  /** {@code AGENTS.md}, {@code CONTRIBUTING.md}, {@code CLAUDE.md} at the root and {@code .orkestra/*.md}. */
  public String policyFiles(RepositorySnapshot snapshot) throws Exception {
    FileSection section = new FileSection(bounds.policyFileChars(), bounds.policyChars());
    for (String path : snapshot.files().paths()) {
      if (isPolicyFile(path)) {
        addFile(section, snapshot, path, "repo");
      }
    }
    return section.render();
  }

  static boolean isPolicyFile(String path) {
    if (ROOT_POLICY_FILES.stream().anyMatch(path::equalsIgnoreCase)) {
      return true;
    }
    String rest = path.startsWith(POLICY_DIRECTORY) ? path.substring(POLICY_DIRECTORY.length()) : null;
    return rest != null && !rest.contains("/") && rest.toLowerCase(Locale.ROOT).endsWith(".md");
  }

  private void addFile(FileSection section, RepositorySnapshot snapshot, String path, String field) throws Exception {
    if (!section.hasRoom()) {
      section.leaveOut(path);
      return;
    }
    try {
      FileBlob blob = reader.read(snapshot.repo(), path);
      section.add(path, Utf8Text.decode(path, blob.content()));
    } catch (SourceException e) {
      switch (e.kind()) {
        // What this file is, at this commit: the same in every run of the request.
        case NOT_FOUND, NOT_TEXT, TOO_LARGE -> section.note(e.getMessage() + ", not shown");
        default -> throw SourceFailures.of(e, field);
      }
    }
  }
}
