package dev.orkestra.retriever;

import dev.orkestra.models.ModelRegistry;
import dev.orkestra.models.ModelSpec;
import dev.orkestra.runtime.RoleModelChoice;
import dev.orkestra.runtime.ServiceContext;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional retriever model ({@code orkestra.retriever.model}, chosen like every role's model by
 * {@link RoleModelChoice}): it may rewrite the question into code terms and rerank the candidates
 * ({@link dev.orkestra.retriever.rerank.AssistedSearch}). Off unless the setting names a model; the
 * registry is not even read without it.
 */
public record RetrieverModel(ModelRegistry registry, ModelSpec spec) {

  private static final Logger log = LoggerFactory.getLogger(RetrieverModel.class);

  public static final String SETTING = RoleModelChoice.modelSetting(RetrieverProvider.ROLE);

  /**
   * The model {@link #SETTING} names, if it is usable; a setting that names no usable model (not in
   * the registry, no registry, key missing) is logged and the retriever searches without a model.
   */
  public static Optional<RetrieverModel> from(ServiceContext context) {
    if (context.setting(SETTING).filter(id -> !id.isBlank()).isEmpty()) {
      return Optional.empty();
    }
    RoleModelChoice models = RoleModelChoice.load(context, RetrieverProvider.ROLE);
    return switch (models.configured().orElseThrow()) {
      case RoleModelChoice.Choice.Chosen chosen -> {
        log.info("retriever: model '{}' rewrites questions and reranks candidates ({})", chosen.spec().id(), SETTING);
        yield Optional.of(new RetrieverModel(models.registry().orElseThrow(), chosen.spec()));
      }
      case RoleModelChoice.Choice.Unavailable unavailable -> {
        log.warn("retriever: {} is set, but {}; searching without a model", SETTING, unavailable.reason());
        yield Optional.empty();
      }
    };
  }
}
