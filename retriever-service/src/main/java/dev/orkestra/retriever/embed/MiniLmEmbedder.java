package dev.orkestra.retriever.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * all-MiniLM-L6-v2 run in-process through ONNX Runtime (the model ships inside its jar: no
 * download, no service). Loading takes 1.5–2 s and ~90 MB, so there is one model per JVM, shared by
 * every index and every handler; inference is thread-safe.
 */
public final class MiniLmEmbedder implements Embedder {

  private static final Logger log = LoggerFactory.getLogger(MiniLmEmbedder.class);
  private static volatile MiniLmEmbedder shared;

  private final AllMiniLmL6V2EmbeddingModel model;
  private final AtomicLong embedded = new AtomicLong();

  private MiniLmEmbedder(AllMiniLmL6V2EmbeddingModel model) {
    this.model = model;
  }

  /**
   * The JVM's model, loaded on first call with its native files under {@code nativeBase} (the
   * first caller's directory wins; later callers share what is loaded).
   */
  public static MiniLmEmbedder shared(Path nativeBase) {
    MiniLmEmbedder instance = shared;
    if (instance == null) {
      synchronized (MiniLmEmbedder.class) {
        instance = shared;
        if (instance == null) {
          NativeDirs.configure(nativeBase);
          long start = System.nanoTime();
          instance = new MiniLmEmbedder(new AllMiniLmL6V2EmbeddingModel());
          log.info("embedding model all-MiniLM-L6-v2 loaded in {} ms", (System.nanoTime() - start) / 1_000_000);
          shared = instance;
        }
      }
    }
    return instance;
  }

  @Override
  public String modelId() {
    return "all-minilm-l6-v2";
  }

  @Override
  public int dimensions() {
    return 384;
  }

  @Override
  public float[] embed(String text) {
    embedded.incrementAndGet();
    return Embedder.normalized(model.embed(text).content().vector());
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    if (texts.isEmpty()) {
      return List.of();
    }
    List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
    List<Embedding> embeddings = model.embedAll(segments).content();
    embedded.addAndGet(texts.size());
    List<float[]> vectors = new ArrayList<>(embeddings.size());
    for (Embedding embedding : embeddings) {
      vectors.add(Embedder.normalized(embedding.vector()));
    }
    return vectors;
  }

  @Override
  public long embeddedCount() {
    return embedded.get();
  }
}
