package dev.orkestra.retriever;

import dev.orkestra.events.query.RetrievalCompleted;
import dev.orkestra.events.query.RetrievalRequested;
import dev.orkestra.retriever.embed.Embedder;
import dev.orkestra.retriever.embed.MiniLmEmbedder;
import dev.orkestra.retriever.index.IndexManager;
import dev.orkestra.retriever.index.LoggingProgressListener;
import dev.orkestra.retriever.search.HybridSearcher;
import dev.orkestra.retriever.search.RelevanceGate;
import dev.orkestra.runtime.RoleService;
import dev.orkestra.runtime.RoleServiceConfig;
import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.ServiceProvider;
import dev.orkestra.runtime.source.LocalGitSource;
import dev.orkestra.runtime.source.SourceLimits;
import dev.orkestra.runtime.source.SourceReader;
import dev.orkestra.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Starts the retriever role: {@code orkestra.retriever.requests} → {@code orkestra.retriever.results}.
 * State lives under {@code <data-dir>/retriever/}: {@code index/} (one Lucene index per
 * repository), {@code clones/} (mirrors of clone URLs) and {@code native/} (the embedding stack's
 * native libraries and caches).
 */
public final class RetrieverProvider implements ServiceProvider {

  public static final String NAME = "retriever";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public AutoCloseable start(ServiceContext context) {
    RetrieverSettings settings = RetrieverSettings.from(context);
    Path home = context.dataDirFor(NAME);
    // Loaded now, once per JVM: the first question should not wait the 1.5-2 s.
    Embedder embedder = MiniLmEmbedder.shared(home.resolve("native"));
    SourceReader reader = sourceReader(home);
    IndexManager indexes = new IndexManager(home.resolve("index"), embedder,
        new LoggingProgressListener(200, Duration.ofSeconds(10)));
    RetrieverHandler handler = new RetrieverHandler(reader, indexes, new HybridSearcher(embedder,
        RelevanceGate.DEFAULT));
    RoleServiceConfig<RetrievalRequested, RetrievalCompleted> config = RoleServiceConfig
        .builder(NAME, context.bootstrapServers(), Topics.RETRIEVER_REQUESTS, Topics.RETRIEVER_RESULTS)
        .concurrency(settings.concurrency())
        .handlerTimeout(settings.handlerTimeout())
        .build();
    RoleService<RetrievalRequested, RetrievalCompleted> service = new RoleService<>(config, handler).start();
    return () -> {
      service.close();
      indexes.close();
      reader.close();
    };
  }

  /** The retriever's own reader: no cache shared with the extractor or the verifier. */
  static SourceReader sourceReader(Path home) {
    return new LocalGitSource(home.resolve("clones"), SourceLimits.DEFAULT);
  }
}
