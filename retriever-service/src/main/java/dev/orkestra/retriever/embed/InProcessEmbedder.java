package dev.orkestra.retriever.embed;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedding model run in-process through ONNX Runtime (the model ships inside its
 * jar: no download, no service). Loading takes 1–2 s and ~90 MB, so there is one instance per model and JVM,
 * shared by every index and every handler; inference is thread-safe.
 */
public final class InProcessEmbedder implements Embedder {

  private static final Logger log = LoggerFactory.getLogger(InProcessEmbedder.class);
  private static final Map<EmbeddingModelChoice, InProcessEmbedder> SHARED = new EnumMap<>(EmbeddingModelChoice.class);

  private final EmbeddingModelChoice choice;
  private final SentenceEncoder model;
  private final AtomicLong embedded = new AtomicLong();

  private InProcessEmbedder(EmbeddingModelChoice choice, SentenceEncoder model) {
    this.choice = choice;
    this.model = model;
  }

  /**
   * The JVM's instance of {@code choice}, loaded on first call with its native files under {@code
   * nativeBase} (the first caller's directory wins; later callers share what is loaded).
   */
  public static InProcessEmbedder shared(EmbeddingModelChoice choice, Path nativeBase) {
    synchronized (SHARED) {
      return SHARED.computeIfAbsent(choice, c -> {
        NativeDirs.configure(nativeBase);
        long start = System.nanoTime();
        InProcessEmbedder loaded = new InProcessEmbedder(c, c.loadEncoder());
        log.info("embedding model {} loaded in {} ms", c.id(), (System.nanoTime() - start) / 1_000_000);
        return loaded;
      });
    }
  }

  @Override
  public String modelId() {
    return choice.id();
  }

  @Override
  public int dimensions() {
    return choice.dimensions();
  }

  @Override
  public float[] embed(String text) {
    embedded.incrementAndGet();
    return model.encode(choice.queryPrefix() + text);
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    if (texts.isEmpty()) {
      return List.of();
    }
    List<float[]> vectors = model.encode(texts.stream().map(t -> choice.passagePrefix() + t).toList());
    embedded.addAndGet(texts.size());
    return vectors;
  }

  @Override
  public long embeddedCount() {
    return embedded.get();
  }
}
