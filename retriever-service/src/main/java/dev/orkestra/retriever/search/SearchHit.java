package dev.orkestra.retriever.search;

/**
 * A ranked chunk with the signals that placed it.
 *
 * @param score fused score normalised to (0, 1] by the best score the signals in use can give
 * @param matchedBy "hybrid" (both rankings had it), "bm25" or "embedding"
 * @param coverage idf-weighted share of the question's content words in the chunk (path and symbols included)
 * @param cosine cosine similarity of question and chunk embeddings (0 without embeddings)
 * @param bm25Rank 1-based rank in the BM25 ranking, 0 if absent
 * @param embeddingRank 1-based rank in the nearest-neighbour ranking, 0 if absent
 * @param text the chunk's text (what an optional retriever model is shown of it)
 */
public record SearchHit(String path, int startLine, int endLine, String blobSha, String chunkId, double score,
    String matchedBy, double coverage, double cosine, int bm25Rank, int embeddingRank, double pathShare,
    double symbolShare, String text) {

  /** The same chunk with another score (a model's order, scored best first). */
  public SearchHit withScore(double newScore) {
    return new SearchHit(path, startLine, endLine, blobSha, chunkId, newScore, matchedBy, coverage, cosine, bm25Rank,
        embeddingRank, pathShare, symbolShare, text);
  }
}
