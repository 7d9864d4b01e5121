package dev.orkestra.implementer.backend;

import dev.orkestra.events.task.ImplementationRequested;
import dev.orkestra.models.ModelRegistry;
import dev.orkestra.models.ModelSpec;
import dev.orkestra.runtime.RoleRequest;
import dev.orkestra.runtime.workspace.Workspace;

/**
 * One step to implement: the request (its calls go through the call journal), the clean work tree
 * to edit, and the model that does it.
 *
 * @param previousAttempt the commit of this step's earlier attempt the work tree is at, or null
 *     when it is at the head the request names
 */
public record StepWork(RoleRequest<ImplementationRequested> request, Workspace workspace, ModelRegistry registry,
    ModelSpec model, String previousAttempt) {

  public ImplementationRequested value() {
    return request.value();
  }
}
