package dev.orkestra.retriever.embed;

import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/** The in-process embedding models the retriever can use; the id is part of every cached embedding's key. */
public enum EmbeddingModelChoice {

  ALL_MINILM_L6_V2("all-minilm-l6-v2", "", "", AllMiniLmL6V2EmbeddingModel::new),
  /** The same model with int8 weights. */
  ALL_MINILM_L6_V2_Q("all-minilm-l6-v2-q", "", "", AllMiniLmL6V2QuantizedEmbeddingModel::new),
  /** Trained for retrieval with asymmetric prefixes, which its inputs must carry. */
  E5_SMALL_V2_Q("e5-small-v2-q", "query: ", "passage: ", E5SmallV2QuantizedEmbeddingModel::new);

  // The model files are the ones langchain4j's packages ship at their jar's root (ID.onnx and
  // ID-tokenizer.json); its encoder classes stay as the reference SentenceEncoder is tested against.

  /**
   * What the retriever embeds with unless configured otherwise. Measured side by side on the
   * evaluation's tuning halves (docs/retrieval.md, "Embedding models"): the int8 variant embeds
   * about twice as fast but ranks lower (MRR summed 2.870 against 2.930; hit@5 summed the same);
   * e5-small-v2 ranked the Go service far better but indexes 2x slower and its cosines do not
   * separate unanswerable questions. Quality is paid for once per commit, in indexing time.
   */
  public static final EmbeddingModelChoice DEFAULT = ALL_MINILM_L6_V2;

  private final String id;
  private final String queryPrefix;
  private final String passagePrefix;
  private final Supplier<AbstractInProcessEmbeddingModel> loader;

  EmbeddingModelChoice(String id, String queryPrefix, String passagePrefix,
      Supplier<AbstractInProcessEmbeddingModel> loader) {
    this.id = id;
    this.queryPrefix = queryPrefix;
    this.passagePrefix = passagePrefix;
    this.loader = loader;
  }

  public String id() {
    return id;
  }

  public int dimensions() {
    return 384;
  }

  String queryPrefix() {
    return queryPrefix;
  }

  String passagePrefix() {
    return passagePrefix;
  }

  /** langchain4j's encoder for this model: one text per ONNX call. */
  AbstractInProcessEmbeddingModel loadReference() {
    return loader.get();
  }

  /** The same model files run by this project's encoder: one text per core at a time. */
  SentenceEncoder loadEncoder() {
    return new SentenceEncoder(id + ".onnx", id + "-tokenizer.json", Runtime.getRuntime().availableProcessors());
  }

  /** The choice with this id; the error lists the ids there are. */
  public static EmbeddingModelChoice of(String id) {
    for (EmbeddingModelChoice choice : values()) {
      if (choice.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
        return choice;
      }
    }
    throw new IllegalArgumentException("unknown embedding model '" + id + "'; known: "
        + Arrays.stream(values()).map(EmbeddingModelChoice::id).toList());
  }
}
