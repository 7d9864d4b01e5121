package dev.orkestra.retriever.embed;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.orkestra.retriever.chunk.Chunk;
import dev.orkestra.retriever.chunk.Chunker;
import dev.orkestra.retriever.index.IndexableFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Chunks embedded per second by langchain4j's encoder and by {@link SentenceEncoder}, side by side on the same chunk inputs of an evaluation corpus, twice each in
 * turn, and how far the two vectors of each chunk differ. {@code bin/bench embedding [CORPUS]
 * [MAX_CHUNKS] [MODEL_ID]}; figures in docs/performance.md.
 */
public final class EmbeddingThroughputBenchmark {

  public static void main(String[] args) throws Exception {
    String corpus = args.length > 0 ? args[0] : "click";
    int max = args.length > 1 ? Integer.parseInt(args[1]) : 800;
    EmbeddingModelChoice choice = EmbeddingModelChoice.of(args.length > 2 ? args[2] : EmbeddingModelChoice.DEFAULT.id());
    NativeDirs.configure(Path.of("target", "native"));
    List<String> inputs = chunkInputs(corpus, max).stream().map(t -> choice.passagePrefix() + t).toList();
    System.out.printf(Locale.ROOT, "%d chunk inputs of %s, model %s, %d cores%n", inputs.size(), corpus, choice.id(),
        Runtime.getRuntime().availableProcessors());
    AbstractInProcessEmbeddingModel reference = choice.loadReference();
    SentenceEncoder encoder = choice.loadEncoder();
    List<float[]> expected = null;
    List<float[]> actual = null;
    for (int round = 1; round <= 2; round++) {
      long start = System.nanoTime();
      expected = reference.embedAll(inputs.stream().map(TextSegment::from).toList()).content().stream()
          .map(e -> Embedder.normalized(e.vector())).toList();
      double theirs = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      actual = encoder.encode(inputs);
      double ours = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT, "round %d: langchain4j %.1f s (%.1f chunks/s), SentenceEncoder %.1f s (%.1f chunks/s),"
          + " %.2fx%n", round, theirs, inputs.size() / theirs, ours, inputs.size() / ours, theirs / ours);
    }
    double lowest = 1;
    for (int i = 0; i < inputs.size(); i++) {
      lowest = Math.min(lowest, Embedder.dot(expected.get(i), actual.get(i)));
    }
    encoder.close();
    System.out.printf(Locale.ROOT, "lowest cosine between a chunk's two vectors: %.6f%n", lowest);
  }

  /** The embedding inputs of the corpus snapshot's indexable files, in archive order, at most {@code max}. */
  private static List<String> chunkInputs(String corpus, int max) throws IOException {
    String resource = "/eval/" + corpus + "/snapshot.tar.gz";
    Chunker chunker = new Chunker();
    List<String> inputs = new ArrayList<>();
    try (InputStream raw = EmbeddingThroughputBenchmark.class.getResourceAsStream(resource)) {
      if (raw == null) {
        throw new IllegalArgumentException("no corpus snapshot " + resource);
      }
      try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw))) {
        for (TarArchiveEntry entry = tar.getNextEntry(); entry != null && inputs.size() < max; entry = tar.getNextEntry()) {
          if (!entry.isFile() || IndexableFiles.skipReason(entry.getName(), entry.getSize()).isPresent()) {
            continue;
          }
          byte[] content = tar.readAllBytes();
          if (IndexableFiles.contentSkipReason(content).isPresent()) {
            continue;
          }
          for (Chunk chunk : chunker.chunk(entry.getName(), new String(content, StandardCharsets.UTF_8))) {
            inputs.add(EmbeddingInput.of(entry.getName(), chunk.symbols(), chunk.text()));
          }
        }
      }
    }
    return inputs.subList(0, Math.min(max, inputs.size()));
  }
}
