package dev.orkestra.planner.reply;

import dev.orkestra.events.common.ModelRef;
import dev.orkestra.models.ModelSpec;
import dev.orkestra.runtime.InvalidRequestException;
import dev.orkestra.runtime.PermanentFailureException;
import dev.orkestra.runtime.RoleModelChoice;

/**
 * The model a task request names (the coordinator routed it): looked up in this service's registry.
 * A task role never falls back to another model — routing, diversity and budgets were decided for
 * this one — so a model this service cannot use is a permanent failure naming it.
 */
public final class RequestedModel {

  private RequestedModel() {}

  /** @param field the request's field that names the model, for the failure's wording */
  public static ModelSpec of(RoleModelChoice models, ModelRef requested, String field)
      throws InvalidRequestException, PermanentFailureException {
    if (requested == null || requested.getModelId() == null || requested.getModelId().isBlank()) {
      throw new InvalidRequestException(field, "names no model");
    }
    return switch (models.choose(requested.getModelId())) {
      case RoleModelChoice.Choice.Chosen chosen -> chosen.spec();
      case RoleModelChoice.Choice.Unavailable unavailable ->
          throw new PermanentFailureException("model_unavailable", models.role() + ": " + field + ": "
              + unavailable.reason());
    };
  }

  /** How a result names the model that wrote it. */
  public static ModelRef ref(ModelSpec spec) {
    return ModelRef.newBuilder()
        .setModelId(spec.id())
        .setFamily(spec.family())
        .setProvider(spec.provider().id())
        .build();
  }
}
