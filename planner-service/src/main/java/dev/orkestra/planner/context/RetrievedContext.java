package dev.orkestra.planner.context;

import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.task.TaskSpec;

/**
 * Seed 004's RAG context for a task: code related to the goal, found by search rather than named by
 * the task. Not wired yet — the retriever answers questions over its own request topic, and a task
 * role has no way to ask it and wait that fits the role runtime (a role service never calls
 * another; docs/task-roles.md). The planner's prompt has a place for it; until an implementation
 * exists, {@link #NONE} leaves that place out.
 */
@FunctionalInterface
public interface RetrievedContext {

  RetrievedContext NONE = (task, repo) -> "";

  /**
   * @param repo the task's repository at the resolved base commit
   * @return prompt text (files and line ranges with their content), or "" for none
   */
  String forTask(TaskSpec task, RepoRef repo) throws Exception;
}
