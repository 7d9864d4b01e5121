package dev.orkestra.retriever.embed;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mean-pooled BERT sentence encoder on ONNX Runtime: one text per call, each call on one thread,
 * the texts of a batch spread over a pool of one thread per core.
 *
 * <p>Why not langchain4j's encoder, whose model files this reads and whose vectors this reproduces
 * exactly ({@code SentenceEncoderTest}): it runs two texts at a time, each call asking ONNX Runtime
 * for all cores, so four threads contend for two cores and synchronise inside every small matrix
 * product; and it tokenises each text three times. Measured with {@code bin/bench embedding} on 2
 * cores, one thread per call with a text per core is 1.3× (float) to 2× (int8) faster. Batching
 * several texts into one padded call was tried and is no faster once threads no longer contend; for
 * the int8 model it also makes a text's vector depend on its batch neighbours (dynamic quantisation
 * takes one scale for the whole input tensor: cosine down to 0.984), so it is not done. The model's
 * own truncation (its tokenizer.json) is kept: all-MiniLM-L6-v2 reads 128 word pieces.
 */
final class SentenceEncoder implements AutoCloseable {

  private final OrtEnvironment environment;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final boolean wantsTypeIds;
  private final String output;
  private final ExecutorService workers;

  SentenceEncoder(String modelResource, String tokenizerResource, int threads) {
    try (InputStream model = resource(modelResource); InputStream vocabulary = resource(tokenizerResource)) {
      environment = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      // One thread per call: parallelism comes from running one text per core (see the class comment).
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      session = environment.createSession(model.readAllBytes(), options);
      wantsTypeIds = session.getInputNames().contains("token_type_ids");
      output = session.getOutputNames().iterator().next();
      tokenizer = HuggingFaceTokenizer.newInstance(vocabulary, Map.of("padding", "false"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read embedding model " + modelResource, e);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load embedding model " + modelResource + ": " + e.getMessage(), e);
    }
    AtomicInteger count = new AtomicInteger();
    workers = Executors.newFixedThreadPool(threads, task -> {
      Thread thread = new Thread(task, "embedding-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** The unit-length vector of one text, computed on the caller's thread. */
  float[] encode(String text) {
    long[] ids = tokenizer.encode(text, true, false).getIds();
    long[] shape = {1, ids.length};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
      long[] ones = new long[ids.length];
      Arrays.fill(ones, 1L);
      inputs.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(ones), shape));
      if (wantsTypeIds) {
        inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[ids.length]), shape));
      }
      try (OrtSession.Result result = session.run(inputs, Set.of(output))) {
        OnnxTensor hidden = (OnnxTensor) result.get(0);
        return meanPool(hidden.getFloatBuffer(), ids.length, (int) hidden.getInfo().getShape()[2]);
      }
    } catch (OrtException e) {
      throw new IllegalStateException("embedding failed: " + e.getMessage(), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  /** One unit-length vector per text, in order, the texts spread over the worker threads. */
  List<float[]> encode(List<String> texts) {
    List<Future<float[]>> futures = new ArrayList<>(texts.size());
    for (String text : texts) {
      futures.add(workers.submit(() -> encode(text)));
    }
    List<float[]> vectors = new ArrayList<>(texts.size());
    try {
      for (Future<float[]> future : futures) {
        vectors.add(future.get());
      }
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while embedding", e);
    } catch (ExecutionException e) {
      futures.forEach(f -> f.cancel(true));
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    }
    return vectors;
  }

  /** The mean of the text's token vectors, scaled to unit length. */
  private static float[] meanPool(FloatBuffer hidden, int tokens, int dims) {
    float[] sum = new float[dims];
    for (int t = 0; t < tokens; t++) {
      for (int d = 0; d < dims; d++) {
        sum[d] += hidden.get(t * dims + d);
      }
    }
    for (int d = 0; d < dims; d++) {
      sum[d] /= tokens;
    }
    return Embedder.normalized(sum);
  }

  private static InputStream resource(String name) {
    InputStream in = SentenceEncoder.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("embedding model file " + name + " is not on the classpath");
    }
    return in;
  }

  @Override
  public void close() throws OrtException {
    workers.shutdownNow();
    session.close();
  }
}
