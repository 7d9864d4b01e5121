package dev.orkestra.retriever;

import dev.orkestra.events.query.RetrievalCompleted;
import dev.orkestra.events.query.RetrievalRequested;
import dev.orkestra.retriever.embed.Embedder;
import dev.orkestra.retriever.embed.InProcessEmbedder;
import dev.orkestra.retriever.index.IndexManager;
import dev.orkestra.retriever.index.IndexProgressListener;
import dev.orkestra.retriever.index.LoggingProgressListener;
import dev.orkestra.retriever.search.HybridSearcher;
import dev.orkestra.retriever.search.RelevanceGate;
import dev.orkestra.runtime.RoleService;
import dev.orkestra.runtime.RoleServiceConfig;
import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.ServiceProvider;
import dev.orkestra.runtime.source.RoutingSourceReader;
import dev.orkestra.runtime.source.SourceReaders;
import dev.orkestra.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The retriever role service ({@code orkestra.retriever.requests} → {@code orkestra.retriever.results}),
 * found by {@code orkestra up} through {@link java.util.ServiceLoader}. Its state lives under
 * {@code <data-dir>/retriever/}: {@code index/} (one Lucene index per repository, kept across
 * restarts), {@code git-clones/} (its own mirrors of clone URLs) and {@code native/} (the embedding
 * stack's native libraries and caches — never {@code ~/.djl.ai} or {@code /tmp}).
 */
public final class RetrieverProvider implements ServiceProvider {

  public static final String ROLE = "retriever";

  @Override
  public String name() {
    return ROLE;
  }

  @Override
  public AutoCloseable start(ServiceContext context) {
    RetrieverSettings settings = RetrieverSettings.from(context);
    RoleServiceConfig<RetrievalRequested, RetrievalCompleted> config = RoleServiceConfig
        .builder(ROLE, context.kafka(), Topics.RETRIEVER_REQUESTS, Topics.RETRIEVER_RESULTS)
        .concurrency(settings.concurrency())
        .handlerTimeout(settings.handlerTimeout())
        .build();
    return start(context, config, IndexProgressListener.NONE);
  }

  /**
   * Starts on the given topics (tests use private topics); {@code progress} also
   * sees every indexing run (the CLI shows it), next to the INFO log.
   */
  public AutoCloseable start(ServiceContext context, RoleServiceConfig<RetrievalRequested, RetrievalCompleted> config,
      IndexProgressListener progress) {
    Parts parts = parts(context, progress);
    return RoleService.startOwning(config, parts.handler(), parts);
  }

  /** The retriever's handler and what it owns (index, reader), without Kafka. */
  public record Parts(RetrieverHandler handler, IndexManager indexes, RoutingSourceReader reader) implements AutoCloseable {
    @Override
    public void close() {
      indexes.close();
      reader.close();
    }
  }

  /**
   * Builds the handler the service runs: also what the benchmark calls in-process to measure what
   * Kafka orchestration adds to the same role code.
   */
  public static Parts parts(ServiceContext context, IndexProgressListener progress) {
    Path home = context.dataDirFor(ROLE);
    // Loaded now, once per JVM: the first question should not wait the 1.5-2 s.
    Embedder embedder = InProcessEmbedder.shared(RetrieverSettings.from(context).embeddingModel(), home.resolve("native"));
    RoutingSourceReader reader = SourceReaders.forService(context, ROLE);
    IndexManager indexes = new IndexManager(home.resolve("index"), embedder,
        new LoggingProgressListener(200, Duration.ofSeconds(10)).andThen(progress));
    // Off unless orkestra.retriever.model names a model: then it rewrites questions and reranks.
    RetrieverHandler handler = new RetrieverHandler(reader, indexes, new HybridSearcher(embedder, RelevanceGate.DEFAULT),
        RetrieverModel.from(context));
    return new Parts(handler, indexes, reader);
  }
}
