package dev.orkestra.implementer.git;

import dev.orkestra.events.task.DiffStat;
import dev.orkestra.events.task.FileChange;
import dev.orkestra.events.task.FileChangeType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * What a change did, from git's own diff between two commits: files changed with their kind (renames
 * detected, as {@code git diff -M}), inserted and deleted lines (none for binary files). The totals
 * count every file; the list names at most {@value #MAX_FILES}, so the event stays small.
 */
public final class DiffStats {

  static final int MAX_FILES = 500;

  private DiffStats() {}

  public static DiffStat between(Repository repository, String base, String commit) throws IOException {
    if (base.equals(commit)) {
      return DiffStat.newBuilder().build();
    }
    try (RevWalk walk = new RevWalk(repository);
        DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
      diff.setRepository(repository);
      diff.setDetectRenames(true);
      List<DiffEntry> entries = diff.scan(walk.parseCommit(ObjectId.fromString(base)).getTree(),
          walk.parseCommit(ObjectId.fromString(commit)).getTree());
      List<FileChange> files = new ArrayList<>();
      int insertions = 0;
      int deletions = 0;
      for (DiffEntry entry : entries) {
        int added = 0;
        int removed = 0;
        for (Edit edit : diff.toFileHeader(entry).toEditList()) {
          added += edit.getLengthB();
          removed += edit.getLengthA();
        }
        insertions += added;
        deletions += removed;
        if (files.size() < MAX_FILES) {
          files.add(change(entry, added, removed));
        }
      }
      return DiffStat.newBuilder().setFilesChanged(entries.size()).setInsertions(insertions).setDeletions(deletions)
          .setFiles(files).build();
    }
  }

  private static FileChange change(DiffEntry entry, int added, int removed) {
    FileChange.Builder change = FileChange.newBuilder().setInsertions(added).setDeletions(removed);
    switch (entry.getChangeType()) {
      case ADD -> change.setPath(entry.getNewPath()).setChangeType(FileChangeType.ADDED);
      case DELETE -> change.setPath(entry.getOldPath()).setChangeType(FileChangeType.DELETED);
      case RENAME -> change.setPath(entry.getNewPath()).setChangeType(FileChangeType.RENAMED)
          .setOldPath(entry.getOldPath());
      // A copy leaves its source in place: for the change it is a new file.
      case COPY -> change.setPath(entry.getNewPath()).setChangeType(FileChangeType.ADDED);
      case MODIFY -> change.setPath(entry.getNewPath()).setChangeType(FileChangeType.MODIFIED);
    }
    return change.build();
  }
}
