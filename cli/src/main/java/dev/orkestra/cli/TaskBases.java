package dev.orkestra.cli;

import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.task.TaskSpec;
import dev.orkestra.runtime.source.ResolvedRef;
import dev.orkestra.runtime.source.SourceException;
import dev.orkestra.runtime.source.SourceLimits;
import dev.orkestra.runtime.source.SourcePolicy;
import dev.orkestra.runtime.source.SourceReader;
import dev.orkestra.runtime.source.SourceReaders;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pins each submitted task to the commit its {@code ref} names now. The planner, the implementer,
 * the reviewers and the gate then all work from one base, however the base branch moves while the
 * task runs, and the coordinator's head starts at it. A task whose {@code ref} is already a commit
 * keeps it. Read with the same rules as a question command: exactly the repository the task names.
 */
final class TaskBases {

  private TaskBases() {}

  /**
   * The tasks with {@code repo.commitSha} set; a ref that cannot be resolved fails naming the task.
   *
   * @param dataDir where clone URLs are mirrored ({@code <dataDir>/cli}, created only for a clone)
   */
  static List<TaskSpec> pinned(List<TaskSpec> tasks, Path dataDir) throws TaskBaseException {
    List<TaskSpec> pinned = new ArrayList<>();
    for (TaskSpec task : tasks) {
      RepoRef repo = task.getRepo();
      if (repo.getCommitSha() != null) {
        pinned.add(task);
        continue;
      }
      Map<String, String> settings = SourceGrants.forRepository(repo).applyTo(DataDirs.settings());
      try (SourceReader reader = SourceReaders.create(dataDir.resolve("cli"), SourceLimits.DEFAULT,
          SourcePolicy.from(settings), System::getenv)) {
        ResolvedRef resolved = reader.resolve(repo);
        pinned.add(TaskSpec.newBuilder(task)
            .setRepo(RepoRef.newBuilder(repo).setRef(resolved.ref()).setCommitSha(resolved.commitSha()).build())
            .build());
      } catch (SourceException e) {
        throw new TaskBaseException("task " + task.getTaskId() + ": cannot resolve "
            + (repo.getRef() == null ? "the default branch" : "ref '" + repo.getRef() + "'") + " of " + repo.getRepo()
            + ": " + e.getMessage());
      } catch (Exception e) {
        throw new TaskBaseException("task " + task.getTaskId() + ": cannot read " + repo.getRepo() + ": " + e);
      }
    }
    return pinned;
  }

  static final class TaskBaseException extends Exception {
    TaskBaseException(String message) {
      super(message);
    }
  }
}
