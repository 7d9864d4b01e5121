package dev.orkestra.retriever;

import dev.orkestra.retriever.embed.EmbeddingModelChoice;
import dev.orkestra.runtime.ServiceContext;
import java.time.Duration;

/**
 * What operators may tune: {@code orkestra.retriever.concurrency} (default 4) and
 * {@code orkestra.retriever.handler.timeout.seconds} (default 170, inside the coordinator's 180 s retrieval stage), or the same as
 * {@code ORKESTRA_RETRIEVER_CONCURRENCY} / {@code ORKESTRA_RETRIEVER_HANDLER_TIMEOUT_SECONDS}, and
 * {@code orkestra.retriever.embedding.model} ({@code ORKESTRA_RETRIEVER_EMBEDDING_MODEL}: an
 * {@link EmbeddingModelChoice} id; indexes made with another model are rebuilt).
 *
 * @param concurrency requests handled at once; embedding is CPU-bound, so about the core count
 * @param handlerTimeout one attempt's limit; an indexing run outlives it and the retry joins the run
 */
public record RetrieverSettings(int concurrency, Duration handlerTimeout, EmbeddingModelChoice embeddingModel) {

  /** One attempt's default limit: inside the coordinator's 180 s retrieval stage. */
  public static final Duration DEFAULT_HANDLER_TIMEOUT = Duration.ofSeconds(170);

  public static final String CONCURRENCY = "orkestra.retriever.concurrency";
  public static final String HANDLER_TIMEOUT_SECONDS = "orkestra.retriever.handler.timeout.seconds";
  public static final String EMBEDDING_MODEL = "orkestra.retriever.embedding.model";

  public static RetrieverSettings from(ServiceContext context) {
    int concurrency = context.intSetting(CONCURRENCY, 4);
    int timeout = context.intSetting(HANDLER_TIMEOUT_SECONDS, (int) DEFAULT_HANDLER_TIMEOUT.toSeconds());
    if (concurrency < 1) {
      throw new IllegalArgumentException(CONCURRENCY + " must be >= 1, was " + concurrency);
    }
    if (timeout < 1) {
      throw new IllegalArgumentException(HANDLER_TIMEOUT_SECONDS + " must be >= 1, was " + timeout);
    }
    EmbeddingModelChoice model;
    try {
      model = context.setting(EMBEDDING_MODEL).map(EmbeddingModelChoice::of).orElse(EmbeddingModelChoice.DEFAULT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(EMBEDDING_MODEL + ": " + e.getMessage(), e);
    }
    return new RetrieverSettings(concurrency, Duration.ofSeconds(timeout), model);
  }
}
