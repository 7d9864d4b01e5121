package dev.orkestra.retriever.search;

/** Which signals rank: both fused (the service), or one alone (the evaluation's baselines). */
public enum SearchMode {
  HYBRID,
  /** BM25 with path and symbol signals; no embedding is computed and no fusion happens. */
  BM25_ONLY,
  EMBEDDING_ONLY;

  public boolean usesBm25() {
    return this != EMBEDDING_ONLY;
  }

  public boolean usesEmbeddings() {
    return this != BM25_ONLY;
  }
}
