package dev.orkestra.runtime;

import dev.orkestra.models.ModelCall;

/** Calls a model on behalf of one request, once: see {@link RoleRequest#models}. */
@FunctionalInterface
public interface ModelCaller {

  ModelReply call(ModelCall call) throws Exception;
}
